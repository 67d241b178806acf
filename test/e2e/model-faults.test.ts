import { afterEach, describe, expect, it } from 'vitest';
import type { FakeStep } from '../fakes/model-server/steps.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { requestPlan, root, textOf, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

describe('model faults that clear up', () => {
  it.each<[string, FakeStep]>([
    ['a 429 with retry-after', { kind: 'http_error', status: 429, retryAfterMs: 10 }],
    ['a 503', { kind: 'http_error', status: 503, retryAfterMs: 10 }],
    ['a connection reset', { kind: 'reset' }],
  ])('retries %s with backoff and then succeeds', async (_name, fault) => {
    h = await startHarness({ env: { MODEL_MAX_RETRIES: '2' } });
    h.models.script(fault, { kind: 'json', value: samplePlan() });
    await requestPlan(h);
    expect(h.models.requests).toHaveLength(2);
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
    expect(textOf(root(h))).not.toMatch(/stopped/i);
  });
});
