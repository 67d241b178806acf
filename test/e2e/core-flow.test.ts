import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SECTION_KEYS, SECTION_TITLES } from '../../src/plan/schema.ts';
import { ACTION } from '../../src/slack/ids.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import {
  ANSWERS,
  buttonsOf,
  CHANNEL,
  click,
  openModal,
  REQUESTER,
  requestPlan,
  root,
  submitModal,
  textOf,
  thread,
} from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

describe.each([
  ['OpenAI Responses API', 'openai:gpt-test', {}, '/v1/responses'],
  ['OpenAI Chat Completions style', 'openai:gpt-test', { OPENAI_API_STYLE: 'chat' }, '/v1/chat/completions'],
  ['Anthropic', 'anthropic:claude-test', {}, '/v1/messages'],
] as const)('the whole flow with %s', (_name, model, env, path) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env });
  });
  afterEach(() => h.close());

  it('streams six sections into the thread and finishes the root with the scorecard', async () => {
    await requestPlan(h, { model });

    expect(h.models.requests.map((r) => r.path)).toEqual([path]);
    const replies = thread(h);
    const sectionHeaders = replies.map((m) => m.text).filter((t) => /\d\/6/.test(t));
    expect(sectionHeaders).toHaveLength(6);
    SECTION_KEYS.forEach((key, i) => {
      expect(sectionHeaders[i]).toContain(SECTION_TITLES[key]);
    });
    const finished = root(h);
    expect(textOf(finished)).toContain(ANSWERS.title as string);
    expect(textOf(finished)).toMatch(/yellow|green|red/i);
    for (const gate of samplePlan().scorecard.gates) expect(textOf(finished)).toContain(gate.environment);
    expect(textOf(finished)).toMatch(/token/i);
    expect(h.slack.violations).toEqual([]);
    const plan = (await h.store.listAudit()).find((e) => e.kind === 'model.call');
    expect(plan?.data).toMatchObject({ provider: model.split(':')[0], outcome: 'ok' });
  });
});

describe('the core flow', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('acks the command and opens a modal pre-filled from the text', async () => {
    const opened = await openModal(h, 'Ship payments v2');
    expect(JSON.stringify(opened.view)).toContain('Ship payments v2');
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
  });

  it('opens the same form for every command with no text, each carrying its own channel', async () => {
    const here = await openModal(h);
    const there = await openModal(h, '', 'C0OTHER');
    expect(there.view.blocks).toEqual(here.view.blocks);
    expect(JSON.parse(here.view.private_metadata ?? '')).toMatchObject({ channelId: CHANNEL });
    expect(JSON.parse(there.view.private_metadata ?? '')).toMatchObject({ channelId: 'C0OTHER' });

    await submitModal(h, there);
    await h.idle();
    expect(h.slack.rootMessages('C0OTHER')).toHaveLength(1);
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(0);
    expect(h.slack.violations).toEqual([]);
  });

  it('answers /release-plan help with an ephemeral usage message and opens nothing', async () => {
    const res = await h.client.command({ text: 'help', userId: REQUESTER, channelId: CHANNEL });
    expect(res.status).toBe(200);
    expect(res.json()).toMatchObject({ response_type: 'ephemeral' });
    expect(res.text).toContain('/release-plan');
    expect(h.slack.callsTo('views.open')).toHaveLength(0);
  });

  it('posts sections while the model is still streaming, in order', async () => {
    h.models.script({ kind: 'json', value: samplePlan(), chunkChars: 30, delayMs: 4 });
    const opened = await openModal(h);
    await submitModal(h, opened);
    const progress: boolean[] = [];
    for (let n = 1; n <= 5; n++) {
      await h.slack.waitFor(
        (s) => s.rootMessages(CHANNEL).length > 0 && s.thread(CHANNEL, root(h).ts).length >= n,
        10_000,
        `section ${n}`,
      );
      progress.push(h.models.requests[0]?.done ?? true);
    }
    await h.idle();
    expect(progress).toEqual([false, false, false, false, false]);
    expect(root(h).edits).toBeGreaterThanOrEqual(6);
  });

  it('shows drafting progress on the root while sections arrive', async () => {
    h.models.script({ kind: 'json', value: samplePlan(), chunkChars: 30, delayMs: 4 });
    const opened = await openModal(h);
    await submitModal(h, opened);
    await h.slack.waitFor(
      (s) => /Drafting — [2-5] of 6/.test(JSON.stringify(s.rootMessages(CHANNEL)[0]?.blocks ?? [])),
      10_000,
      'a progress line on the root',
    );
    expect(h.models.requests[0]?.done).toBe(false);
    await h.idle();
  });

  it('posts nothing new for a duplicate delivery of the same view submission', async () => {
    const opened = await openModal(h);
    await submitModal(h, opened);
    await submitModal(h, opened);
    await h.idle();
    await submitModal(h, opened);
    await h.idle();
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(1);
    expect(h.models.requests).toHaveLength(1);
  });

  it('returns empty fields as errors in the modal and starts nothing', async () => {
    const opened = await openModal(h);
    const res = await submitModal(h, opened, { change_scope: '   ', rollback_plan: '' });
    expect(res.status).toBe(200);
    const body = res.json() as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['change_scope', 'rollback_plan']);
    await h.idle();
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(0);
  });

  it('keeps Block Kit limits and plain-text fallbacks on every message', async () => {
    await requestPlan(h);
    for (const call of h.slack.callsTo('chat.postMessage').concat(h.slack.callsTo('chat.update'))) {
      expect(typeof call.args.text).toBe('string');
      expect((call.args.text as string).length).toBeGreaterThan(0);
      expect((call.args.blocks as unknown[]).length).toBeLessThanOrEqual(50);
    }
  });
});

describe('model failures', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  const partial = JSON.stringify(samplePlan()).slice(0, 2500);
  it.each([
    ['an error after the retries', { kind: 'http_error', status: 500 }, /kept failing|service/i],
    ['a refusal', { kind: 'refusal', text: 'I cannot help with that.' }, /declined/i],
    [
      'output that does not validate, even after one repair attempt',
      { kind: 'raw', text: `${partial}` },
      /valid|unreadable|could not read/i,
    ],
    ['a stalled stream', { kind: 'stall', afterChars: 3000, value: samplePlan() }, /stopped responding/i],
    [
      'a max-tokens truncation',
      { kind: 'max_tokens', afterChars: 3000, value: samplePlan() },
      /output limit/i,
    ],
  ] as const)(
    '%s ends in a clear thread message with a Retry button that works',
    async (_name, step, words) => {
      h.models.script(step);
      // Unusable output gets one repair attempt, which fails the same way here.
      if (step.kind === 'raw') h.models.script(step);
      await requestPlan(h);
      const failure = thread(h).at(-1);
      expect(failure).toBeDefined();
      expect(textOf(failure!)).toMatch(words);
      expect(buttonsOf(failure!).map((b) => b.actionId)).toEqual([ACTION.retryPlan]);
      expect(textOf(failure!)).not.toMatch(/at .*\.ts:\d+|Error:/);
      expect(textOf(root(h))).toMatch(/stopped|failed/i);

      await Promise.all([click(h, failure!, ACTION.retryPlan), click(h, failure!, ACTION.retryPlan)]);
      await h.idle();
      const headers = thread(h).filter((m) => /\d\/6/.test(m.text));
      expect(headers).toHaveLength(6);
      expect(new Set(headers.map((m) => m.ts)).size).toBe(6);
      expect(textOf(root(h))).toMatch(/yellow|green|red/i);
      expect(h.slack.message(CHANNEL, failure!.ts)?.text).toMatch(/Retrying/);
    },
  );
});

describe('coverage check on the scorecard', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('confirms full coverage when the plan covers the request', async () => {
    await requestPlan(h);
    expect(textOf(root(h))).toContain('every environment has a gate');
  });

  it('flags an environment without a gate and an evidence channel missing from the toolchain', async () => {
    await requestPlan(h, {
      change_scope: 'qa, staging, canary, production; payments-api',
      evidence_channels: 'Jira, CI, PagerDuty',
    });
    const shown = textOf(root(h));
    expect(shown).toMatch(/No gate for: qa/);
    expect(shown).toMatch(/Evidence channels missing from the toolchain: PagerDuty/);
  });
});
