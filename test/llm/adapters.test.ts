import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createAnthropicModel } from '../../src/llm/anthropic.ts';
import { createOpenAIModel } from '../../src/llm/openai.ts';
import { ModelError, type StructuredModel, type StructuredRequest } from '../../src/llm/port.ts';
import { Plan, SECTION_KEYS } from '../../src/plan/schema.ts';
import { type FakeModels, type FakePath, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

const OPENAI_KEY = 'sk-test-openai-0123456789abcdef';
const ANTHROPIC_KEY = 'sk-ant-test-0123456789abcdef';

interface ModelOptions {
  maxRetries?: number;
  idleTimeoutMs?: number;
}

interface Path {
  name: string;
  path: FakePath;
  apiKey: string;
  make(fake: FakeModels, options?: ModelOptions): StructuredModel;
  /** What this wire format must carry: the JSON schema and the prompt-cache marker. */
  expectRequestBody(body: Record<string, unknown>, req: StructuredRequest<typeof Plan>): void;
}

function openaiClient(fake: FakeModels, options: ModelOptions): OpenAI {
  return new OpenAI({
    apiKey: OPENAI_KEY,
    baseURL: fake.openaiBaseURL,
    maxRetries: options.maxRetries ?? 0,
    timeout: 5000,
  });
}

const PATHS: Path[] = [
  {
    name: 'OpenAI Responses',
    path: '/v1/responses',
    apiKey: OPENAI_KEY,
    make: (fake, options = {}) =>
      createOpenAIModel({
        client: openaiClient(fake, options),
        apiStyle: 'responses',
        idleTimeoutMs: options.idleTimeoutMs ?? 5000,
      }),
    expectRequestBody(body, req) {
      expect(body).toMatchObject({
        model: req.model,
        instructions: req.system,
        input: [
          {
            role: 'user',
            content: [
              { type: 'input_text', text: req.prefix },
              { type: 'input_text', text: req.prompt },
            ],
          },
        ],
        text: { format: { type: 'json_schema', name: req.schemaName, strict: true } },
        max_output_tokens: req.maxOutputTokens,
        prompt_cache_key: req.cacheKey,
        stream: true,
      });
      expect(schemaKeys(body, ['text', 'format', 'schema'])).toEqual([...SECTION_KEYS]);
    },
  },
  {
    name: 'OpenAI Chat Completions',
    path: '/v1/chat/completions',
    apiKey: OPENAI_KEY,
    make: (fake, options = {}) =>
      createOpenAIModel({
        client: openaiClient(fake, options),
        apiStyle: 'chat',
        idleTimeoutMs: options.idleTimeoutMs ?? 5000,
      }),
    expectRequestBody(body, req) {
      expect(body).toMatchObject({
        model: req.model,
        messages: [
          { role: 'system', content: req.system },
          {
            role: 'user',
            content: [
              { type: 'text', text: req.prefix },
              { type: 'text', text: req.prompt },
            ],
          },
        ],
        response_format: { type: 'json_schema', json_schema: { name: req.schemaName, strict: true } },
        max_completion_tokens: req.maxOutputTokens,
        stream_options: { include_usage: true },
        prompt_cache_key: req.cacheKey,
        stream: true,
      });
      expect(schemaKeys(body, ['response_format', 'json_schema', 'schema'])).toEqual([...SECTION_KEYS]);
    },
  },
  {
    name: 'Anthropic Messages',
    path: '/v1/messages',
    apiKey: ANTHROPIC_KEY,
    make: (fake, options = {}) =>
      createAnthropicModel({
        client: new Anthropic({
          apiKey: ANTHROPIC_KEY,
          baseURL: fake.anthropicBaseURL,
          maxRetries: options.maxRetries ?? 0,
          timeout: 5000,
        }),
        idleTimeoutMs: options.idleTimeoutMs ?? 5000,
      }),
    expectRequestBody(body, req) {
      expect(body).toMatchObject({
        model: req.model,
        max_tokens: req.maxOutputTokens,
        system: [{ type: 'text', text: req.system }],
        messages: [
          {
            role: 'user',
            content: [
              { type: 'text', text: req.prefix, cache_control: { type: 'ephemeral' } },
              { type: 'text', text: req.prompt },
            ],
          },
        ],
        output_config: { format: { type: 'json_schema' } },
        stream: true,
      });
      const content = (body.messages as { content: Record<string, unknown>[] }[])[0]?.content;
      expect(content?.[1]).not.toHaveProperty('cache_control');
      expect(schemaKeys(body, ['output_config', 'format', 'schema'])).toEqual([...SECTION_KEYS]);
    },
  },
];

function schemaKeys(body: Record<string, unknown>, path: string[]): string[] {
  const schema = path.reduce<unknown>(
    (node, key) => (node as Record<string, unknown> | undefined)?.[key],
    body,
  );
  return Object.keys((schema as { properties: Record<string, unknown> }).properties);
}

function planRequest(
  overrides: Partial<StructuredRequest<typeof Plan>> = {},
): StructuredRequest<typeof Plan> {
  return {
    model: 'test-model-1',
    system: 'You draft governed release plans.',
    prefix: 'Request: payments-service 4.2 release, risk class high.',
    prompt: 'Draft the plan.',
    schema: Plan,
    schemaName: 'release_plan',
    maxOutputTokens: 16_000,
    cacheKey: 'plan-123',
    ...overrides,
  };
}

async function failure(promise: Promise<unknown>): Promise<ModelError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ModelError);
  return error as ModelError;
}

let fake: FakeModels;
beforeAll(async () => {
  fake = await startFakeModels();
});
afterEach(() => {
  fake.clear();
  fake.configure({ cachedInputTokens: 0, cacheCreationInputTokens: 0 });
});
afterAll(async () => {
  await fake.close();
});

describe.each(PATHS)('$name through the real SDK', (p) => {
  it('streams a full plan: each section reaches the callback before the stream ends, in schema order', async () => {
    fake.script(p.path, { kind: 'json', value: samplePlan(), chunkChars: 300, delayMs: 10 });
    const seen: { key: string; value: unknown; streamDone: boolean }[] = [];
    const result = await p.make(fake).generate(
      planRequest({
        onTopLevelValue: async (key, value) => {
          seen.push({ key, value, streamDone: fake.requests.at(-1)?.done ?? true });
        },
      }),
    );
    expect(seen.map((s) => s.key)).toEqual([...SECTION_KEYS]);
    expect(seen.every((s) => !s.streamDone)).toBe(true);
    expect(Object.fromEntries(seen.map((s) => [s.key, s.value]))).toEqual(samplePlan());
    expect(result.value).toEqual(samplePlan());
    expect(result.model).toBe('test-model-1');
    expect(result.latencyMs).toBeGreaterThan(0);
  });

  it('sends the JSON schema and the prompt-cache marker', async () => {
    const req = planRequest();
    await p.make(fake).generate(req);
    expect(fake.requests).toHaveLength(1);
    p.expectRequestBody(fake.requests[0]!.body, req);
  });

  it('maps usage, cached tokens included', async () => {
    fake.configure({ cachedInputTokens: 300, cacheCreationInputTokens: 40 });
    const result = await p.make(fake).generate(planRequest());
    const reported = fake.requests[0]!.usage;
    expect(result.usage).toEqual({
      inputTokens: reported.inputTokens,
      outputTokens: reported.outputTokens,
      cachedInputTokens: 300,
    });
    expect(result.usage.outputTokens).toBe(Math.ceil(JSON.stringify(samplePlan()).length / 4));
  });

  it('lets the SDK retry a 429 and then succeeds', async () => {
    fake.script(p.path, { kind: 'http_error', status: 429, retryAfterMs: 10 });
    const result = await p.make(fake, { maxRetries: 2 }).generate(planRequest());
    expect(result.value).toEqual(samplePlan());
    expect(fake.requests.map((r) => r.step)).toEqual(['http_error', 'json']);
  });

  it.each([
    { name: 'a persistent 500', step: { kind: 'http_error', status: 500, retryAfterMs: 10 } as const },
    { name: 'a connection reset', step: { kind: 'reset' } as const },
  ])('gives api_error after the SDK’s retries on $name', async ({ step }) => {
    fake.script(p.path, step, step);
    const error = await failure(p.make(fake, { maxRetries: 1 }).generate(planRequest()));
    expect(error.code).toBe('api_error');
    expect(fake.requests).toHaveLength(2);
  });

  it('never puts the API key in the error, even when the server echoes it', async () => {
    fake.script(p.path, {
      kind: 'http_error',
      status: 401,
      message: `Incorrect API key provided: ${p.apiKey}.`,
    });
    const error = await failure(p.make(fake).generate(planRequest()));
    expect(error.code).toBe('api_error');
    expect(error.message).toContain('401');
    expect(`${error.message} ${JSON.stringify(error.cause)} ${error.stack}`).not.toContain(p.apiKey);
  });

  it('aborts a stream that stalls after its headers as stalled, within about idleTimeoutMs', async () => {
    fake.script(p.path, { kind: 'stall', value: samplePlan(), afterChars: 2000, chunkChars: 500 });
    const keys: string[] = [];
    const started = performance.now();
    const error = await failure(
      p
        .make(fake, { idleTimeoutMs: 200 })
        .generate(planRequest({ onTopLevelValue: (key) => void keys.push(key) })),
    );
    const elapsed = performance.now() - started;
    expect(error.code).toBe('stalled');
    expect(elapsed).toBeGreaterThanOrEqual(190);
    expect(elapsed).toBeLessThan(2000);
    expect(keys).toEqual(['scorecard']);
  });

  it('reports the caller’s abort as aborted', async () => {
    fake.script(p.path, { kind: 'stall', value: samplePlan(), afterChars: 100 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    const error = await failure(p.make(fake).generate(planRequest({ signal: controller.signal })));
    expect(error.code).toBe('aborted');
  });

  it('rejects with the callback’s own error and stops the stream', async () => {
    fake.script(p.path, { kind: 'json', value: samplePlan(), chunkChars: 200, delayMs: 5 });
    const boom = new Error('could not post the section');
    const calls: string[] = [];
    const error = await p
      .make(fake)
      .generate(
        planRequest({
          onTopLevelValue: async (key) => {
            calls.push(key);
            if (key === 'toolchain') throw boom;
          },
        }),
      )
      .catch((e: unknown) => e);
    expect(error).toBe(boom);
    expect(calls).toEqual(['scorecard', 'toolchain']);
    expect(fake.requests[0]?.done).toBe(false);
  });

  it.each([
    {
      name: 'invalid JSON',
      step: { kind: 'raw', text: '{"scorecard": {"summary": "unterminated' } as const,
      message: /not valid JSON/,
    },
    {
      name: 'JSON that breaks the schema',
      step: {
        kind: 'json',
        value: samplePlan({ scorecard: { ...samplePlan().scorecard, overall_status: 'purple' as 'red' } }),
      } as const,
      message: /scorecard\.overall_status/,
    },
  ])('gives invalid_output for $name', async ({ step, message }) => {
    fake.script(p.path, step);
    const error = await failure(p.make(fake).generate(planRequest()));
    expect(error.code).toBe('invalid_output');
    expect(error.message).toMatch(message);
  });

  it('gives refusal when the model refuses', async () => {
    fake.script(p.path, { kind: 'refusal', text: 'I can’t help with that.' });
    const error = await failure(p.make(fake).generate(planRequest()));
    expect(error.code).toBe('refusal');
  });

  it.each([
    { name: 'cut by the token limit', kind: 'max_tokens', code: 'max_tokens', finalEventsSent: true },
    {
      name: 'ended by the server before its closing events',
      kind: 'ended',
      code: 'api_error',
      finalEventsSent: false,
    },
  ] as const)(
    'gives $code, not a result, when the output is $name',
    async ({ kind, code, finalEventsSent }) => {
      // Cut inside the second section: the first was complete and already delivered.
      const afterChars = JSON.stringify(samplePlan()).indexOf('"gating"') - 100;
      fake.script(p.path, { kind, value: samplePlan(), afterChars });
      const keys: string[] = [];
      const error = await failure(
        p.make(fake).generate(planRequest({ onTopLevelValue: (key) => void keys.push(key) })),
      );
      expect(error.code).toBe(code);
      expect(keys).toEqual(['scorecard']);
      expect(fake.requests[0]?.done).toBe(finalEventsSent);
    },
  );
});

it('OpenAI adapters send only the non-empty parts of the user turn', async () => {
  await PATHS[0]!.make(fake).generate(planRequest({ prompt: '' }));
  expect(fake.requests[0]?.body.input).toEqual([
    { role: 'user', content: [{ type: 'input_text', text: planRequest().prefix }] },
  ]);
});

it('the Anthropic adapter omits an empty prompt block, which the API would reject', async () => {
  await PATHS[2]!.make(fake).generate(planRequest({ prompt: '' }));
  expect(fake.requests[0]?.body.messages).toEqual([
    {
      role: 'user',
      content: [{ type: 'text', text: planRequest().prefix, cache_control: { type: 'ephemeral' } }],
    },
  ]);
});
