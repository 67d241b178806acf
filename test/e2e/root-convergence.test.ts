import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ACTION } from '../../src/slack/ids.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { buttonsOf, click, requestPlan, root, textOf, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

/** chat.update answers 500 (and the SDK does not retry here) until Slack "recovers". */
const UPDATES_DOWN = 1_000;

describe('the root message when chat.update fails for a while', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ env: { GENERATION_LEASE_MS: '300' } });
  });
  afterEach(() => h.close());

  async function planStatus(): Promise<string | undefined> {
    return (await h.store.findPlanByRootTs('C0PLANS', root(h).ts))?.status;
  }

  it('finishes the plan anyway, and the root catches up once Slack recovers', async () => {
    h.slack.failNext('chat.update', { status: 500 }, UPDATES_DOWN);
    await requestPlan(h);
    expect(await planStatus()).toBe('ready');
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
    expect(textOf(root(h))).toMatch(/Drafting/i);

    h.slack.clearFailures();
    await h.slack.waitFor((s) => /— ready/.test(s.rootMessages('C0PLANS')[0]?.text ?? ''), 5_000, 'the root');
    expect(textOf(root(h))).toMatch(/yellow|green|red/i);
  });

  it('says a failed plan failed, with Retry, even while the root cannot be updated; the root converges with its own Retry', async () => {
    h.slack.failNext('chat.update', { status: 500 }, UPDATES_DOWN);
    h.models.script({ kind: 'http_error', status: 500 });
    await requestPlan(h);
    expect(await planStatus()).toBe('failed');
    const failure = thread(h).at(-1);
    expect(textOf(failure!)).toMatch(/could not be finished/i);
    expect(buttonsOf(failure!).map((b) => b.actionId)).toEqual([ACTION.retryPlan]);

    h.slack.clearFailures();
    await h.slack.waitFor(
      (s) => /drafting stopped/.test(s.rootMessages('C0PLANS')[0]?.text ?? ''),
      5_000,
      'the failed root',
    );
    expect(buttonsOf(root(h)).map((b) => b.actionId)).toEqual([ACTION.retryPlan]);

    h.models.script({ kind: 'json', value: samplePlan() });
    await Promise.all([click(h, root(h), ACTION.retryPlan), click(h, root(h), ACTION.retryPlan)]);
    await h.idle();
    expect(await planStatus()).toBe('ready');
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
    expect(textOf(root(h))).toMatch(/— ready|yellow|green|red/i);
  });
});

describe('a section whose post failed', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('is posted by Retry: what is on Slack is recorded apart from what was generated', async () => {
    // The root is the first post; the first section's post is the second.
    h.slack.failNext('chat.postMessage', { error: 'msg_too_long' }, 1, 1);
    await requestPlan(h);
    const failure = thread(h).at(-1);
    expect(buttonsOf(failure!).map((b) => b.actionId)).toEqual([ACTION.retryPlan]);
    expect(thread(h).filter((m) => /\d\/6/.test(m.text))).toHaveLength(0);

    h.models.script({ kind: 'json', value: samplePlan() });
    await click(h, failure!, ACTION.retryPlan);
    await h.idle();
    const sections = thread(h)
      .filter((m) => /\d\/6/.test(m.text))
      .map((m) => m.text.match(/(\d)\/6/)?.[1]);
    expect(sections).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(textOf(root(h))).toMatch(/— ready|yellow|green|red/i);
  });
});
