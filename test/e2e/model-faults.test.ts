import { afterEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import type { FakeStep } from '../fakes/model-server/steps.ts';
import { samplePlan, sampleRequest } from '../fakes/plan-fixture.ts';
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

describe('a connection reset in the middle of a stream', () => {
  it('drafting: continues with one more call, keeping the sections already posted', async () => {
    h = await startHarness();
    // Cut after the first two sections are complete.
    const afterChars = JSON.stringify(samplePlan()).indexOf('"gating"');
    h.models.script({ kind: 'cut', afterChars, value: samplePlan() }, { kind: 'json', value: samplePlan() });
    await requestPlan(h);
    expect(h.models.requests).toHaveLength(2);
    expect(JSON.stringify(h.models.requests[1]?.body)).toContain('already published and final');
    const headers = thread(h).filter((m) => /\d\/6/.test(m.text));
    expect(headers.map((m) => m.text.match(/(\d)\/6/)?.[1])).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(textOf(root(h))).not.toMatch(/stopped/i);
  });
});

describe('model faults that need a second call', () => {
  it('repairs output that does not validate with one more call', async () => {
    h = await startHarness();
    h.models.script(
      { kind: 'raw', text: '{"scorecard": {"summary": "cut off' },
      { kind: 'json', value: samplePlan() },
    );
    await requestPlan(h);
    expect(h.models.requests).toHaveLength(2);
    expect(JSON.stringify(h.models.requests[1]?.body)).toContain('could not be used');
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
    const purposes = (await h.store.listAudit()).filter((e) => e.kind === 'model.call').map((e) => e.data);
    expect(purposes).toMatchObject([
      { purpose: 'plan', outcome: 'invalid_output' },
      { purpose: 'repair', outcome: 'ok' },
    ]);
  });

  it('falls back to the other provider when the request allows it, and says so', async () => {
    h = await startHarness();
    h.models.script('/v1/responses', { kind: 'http_error', status: 500 });
    await requestPlan(h, { options: ['allow_fallback'] });
    expect(h.models.requests.map((r) => r.path)).toEqual(['/v1/responses', '/v1/messages']);
    expect(
      thread(h).some((m) => /kept failing .*drafting the rest with Anthropic · claude-test/.test(m.text)),
    ).toBe(true);
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
  });

  it('does not fall back when the request does not allow it', async () => {
    h = await startHarness();
    h.models.script('/v1/responses', { kind: 'http_error', status: 500 });
    await requestPlan(h);
    expect(h.models.requests.map((r) => r.path)).toEqual(['/v1/responses']);
    expect(textOf(root(h))).toMatch(/stopped/i);
  });

  it('regenerates a section written as commands once, and shows what was removed', async () => {
    h = await startHarness();
    const plan = samplePlan();
    const commands = [
      'kubectl rollout undo deployment/payments-api -n prod',
      'terraform apply -auto-approve',
      'helm upgrade payments ./chart --install',
    ];
    const unsafe = {
      ...plan,
      gating: {
        ...plan.gating,
        rules: plan.gating.rules.map((r) => ({ ...r, criteria: commands })),
        exceptions: plan.gating.exceptions.map((e) => ({ ...e, handling: 'sudo rm -rf /var/lib/payments' })),
      },
    };
    h.models.script({ kind: 'json', value: unsafe }, { kind: 'json', value: { gating: plan.gating } });
    await requestPlan(h);
    expect(h.models.requests).toHaveLength(2);
    expect(JSON.stringify(h.models.requests[1]?.body)).toContain(
      'Rewrite only the Change Gating Rules section',
    );
    const gating = thread(h).find((m) => /3\/6/.test(m.text));
    expect(textOf(gating!)).toMatch(/Regenerated once/);
    expect(textOf(gating!)).not.toContain('kubectl rollout');
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
  });
});

describe('plans that cannot be resumed', () => {
  it('marks a plan interrupted before its root was posted as failed and tells the requester', async () => {
    const store = openSqliteStore(':memory:');
    const { plan } = await store.createPlan({
      submissionKey: 'V-interrupted',
      teamId: 'T1',
      channelId: 'C0PLANS',
      requesterId: 'U0REQ',
      request: sampleRequest({ title: 'Interrupted rollout' }),
    });
    h = await startHarness({ store, env: { GENERATION_LEASE_MS: '200' } });
    await h.slack.waitFor((s) => s.callsTo('chat.postEphemeral').length > 0, 5000, 'a private notice');
    await h.idle();
    expect((await store.getPlan(plan.id))?.status).toBe('failed');
    const notice = h.slack.callsTo('chat.postEphemeral')[0];
    expect(notice?.args).toMatchObject({ user: 'U0REQ', channel: 'C0PLANS' });
    expect(String(notice?.args.text)).toMatch(/Interrupted rollout.*run \/release-plan again/);
    expect(h.models.requests).toHaveLength(0);
  });
});
