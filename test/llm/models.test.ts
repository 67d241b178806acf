import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.ts';
import { createModels } from '../../src/llm/models.ts';
import { Plan } from '../../src/plan/schema.ts';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

let fake: FakeModels;
beforeAll(async () => {
  fake = await startFakeModels();
});
afterEach(() => fake.clear());
afterAll(async () => {
  await fake.close();
});

type ModelsConfig = Pick<Config, 'openai' | 'anthropic' | 'model'>;

function config(overrides: Partial<ModelsConfig> = {}): ModelsConfig {
  return {
    openai: {
      apiKey: 'sk-openai-test',
      baseURL: fake.openaiBaseURL,
      models: ['gpt-test'],
      apiStyle: 'responses',
    },
    anthropic: { apiKey: 'sk-ant-test', baseURL: fake.anthropicBaseURL, models: ['claude-test'] },
    model: { maxRetries: 1, timeoutMs: 5000, idleTimeoutMs: 1000, maxOutputTokens: 4000 },
    ...overrides,
  };
}

const request = {
  model: 'm',
  system: 'system',
  prefix: 'prefix',
  prompt: 'prompt',
  schema: Plan,
  schemaName: 'release_plan',
  maxOutputTokens: 4000,
};

describe('createModels', () => {
  it.each([
    { name: 'both', openai: true, anthropic: true },
    { name: 'OpenAI only', openai: true, anthropic: false },
    { name: 'Anthropic only', openai: false, anthropic: true },
  ])('builds an adapter for each configured provider only: $name', async ({ openai, anthropic }) => {
    const full = config();
    const models = await createModels({
      ...full,
      openai: openai ? full.openai : undefined,
      anthropic: anthropic ? full.anthropic : undefined,
    });
    expect(models.openai?.provider).toBe(openai ? 'openai' : undefined);
    expect(models.anthropic?.provider).toBe(anthropic ? 'anthropic' : undefined);
  });

  it.each([
    { apiStyle: 'responses' as const, path: '/v1/responses' },
    { apiStyle: 'chat' as const, path: '/v1/chat/completions' },
  ])(
    'sends OpenAI requests with the configured key, base URL and API style: $apiStyle',
    async ({ apiStyle, path }) => {
      const base = config();
      const models = await createModels({ ...base, openai: base.openai && { ...base.openai, apiStyle } });
      const result = await models.openai!.generate(request);
      expect(result.value).toEqual(samplePlan());
      expect(fake.requests.map((r) => r.path)).toEqual([path]);
      expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-openai-test');
    },
  );

  it('sends Anthropic requests with the configured key and base URL', async () => {
    const result = await (await createModels(config())).anthropic!.generate(request);
    expect(result.value).toEqual(samplePlan());
    expect(fake.requests.map((r) => r.path)).toEqual(['/v1/messages']);
    // @anthropic-ai/sdk 1.x sends the API key as a bearer token, not x-api-key.
    expect(fake.requests[0]?.headers.authorization).toBe('Bearer sk-ant-test');
    expect(fake.requests[0]?.headers['anthropic-version']).toBeDefined();
  });

  it.each([
    { provider: 'openai' as const, path: '/v1/responses' as const },
    { provider: 'anthropic' as const, path: '/v1/messages' as const },
  ])('gives the $provider client the configured maxRetries', async ({ provider, path }) => {
    const error = { kind: 'http_error', status: 503, retryAfterMs: 1 } as const;
    fake.script(path, error, error, error, error);
    const models = await createModels(config({ model: { ...config().model, maxRetries: 2 } }));
    await expect(models[provider]!.generate(request)).rejects.toMatchObject({ code: 'api_error' });
    expect(fake.requests).toHaveLength(3);
  });
});
