import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Plan } from '../../src/plan/schema.ts';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

let fake: FakeModels;
beforeEach(async () => {
  fake = await startFakeModels();
});
afterEach(async () => {
  await fake.close();
});

function post(url: string, body: unknown = { model: 'm', stream: true }): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const responses = () => `${fake.openaiBaseURL}/responses`;
const messages = () => `${fake.anthropicBaseURL}/v1/messages`;

describe('the fake model server', () => {
  it('serves a schema-valid sample plan by default', () => {
    expect(Plan.parse(samplePlan())).toEqual(samplePlan());
  });

  it('answers from the path queue first, then the shared queue, then the default', async () => {
    fake.script({ kind: 'http_error', status: 500 });
    fake.script('/v1/messages', { kind: 'http_error', status: 429 });
    const statuses = [
      (await post(responses())).status,
      (await post(messages())).status,
      (await post(messages())).status,
    ];
    expect(statuses).toEqual([500, 429, 200]);
    expect(fake.requests.map((r) => [r.path, r.step])).toEqual([
      ['/v1/responses', 'http_error'],
      ['/v1/messages', 'http_error'],
      ['/v1/messages', 'json'],
    ]);
  });

  it('answers with the step set by setDefault when nothing is queued', async () => {
    fake.setDefault({ kind: 'http_error', status: 529 });
    expect((await post(messages())).status).toBe(529);
    expect((await post(messages())).status).toBe(529);
  });

  it('sends retry-after-ms and a provider-shaped error body', async () => {
    fake.script({ kind: 'http_error', status: 529, retryAfterMs: 25 }, { kind: 'http_error', status: 429 });
    const anthropic = await post(messages());
    expect(anthropic.headers.get('retry-after-ms')).toBe('25');
    expect(await anthropic.json()).toMatchObject({ type: 'error', error: { type: 'overloaded_error' } });
    const openai = await post(responses());
    expect(await openai.json()).toMatchObject({ error: { code: 'rate_limit_exceeded' } });
  });

  it.each([
    {
      name: 'an unknown path',
      url: () => `${fake.openaiBaseURL}/embeddings`,
      body: { stream: true },
      status: 404,
    },
    { name: 'a request that does not stream', url: responses, body: { model: 'm' }, status: 400 },
  ])('rejects $name', async ({ url, body, status }) => {
    expect((await post(url(), body)).status).toBe(status);
  });

  it('streams Anthropic events with their mandatory event: lines', async () => {
    fake.script({ kind: 'json', value: { a: 1 } });
    const text = await (await post(messages())).text();
    const events = [...text.matchAll(/^event: (\S+)$/gm)].map((m) => m[1]);
    expect(events).toEqual([
      'message_start',
      'ping',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
  });

  it('paces the stream at tokensPerSecond', async () => {
    fake.configure({ tokensPerSecond: 1000 });
    // 800 characters ≈ 200 tokens ≈ 200 ms at 1000 tokens/s.
    fake.script({ kind: 'raw', text: 'x'.repeat(800) });
    const started = performance.now();
    await (await post(responses())).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(180);
  });

  it('ends a stalled response on close()', async () => {
    fake.script({ kind: 'stall', value: samplePlan(), afterChars: 50 });
    const response = await post(responses());
    const body = response.text().then(
      () => 'ended',
      () => 'ended',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fake.requests[0]).toMatchObject({ charsSent: 50, done: false });
    await fake.close();
    expect(await body).toBe('ended');
  });
});
