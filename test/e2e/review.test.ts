import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewFinding } from '../../src/plan/review.ts';
import { ACTION, OPTION } from '../../src/slack/ids.ts';
import { isReviewRequest } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { threadReplyEvent } from '../fakes/slack-client.ts';
import { buttonsOf, click, planOf, requestPlan, root, textOf, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const HIGH = { risk_class: 'high', model: 'openai:gpt-test' };
const BLOCKING: ReviewFinding = {
  rule: 'Escalation of a canary error rate',
  problem: 'The override has no named role for weekends.',
  severity: 'blocking',
  suggested_fix: 'Name the SRE lead for weekend overrides.',
};

function gatingMessage(h: Harness) {
  const found = thread(h).find((m) => m.text.includes('Change Gating Rules'));
  if (!found) throw new Error('no gating section in the thread');
  return found;
}

const reviews = (h: Harness) => h.models.requests.filter((r) => isReviewRequest(r.body));

describe('a second model reviews the gating rules', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('sends a high-risk plan’s gating rules to the other provider once, and says so', async () => {
    await requestPlan(h, HIGH);

    expect(reviews(h).map((r) => r.path)).toEqual(['/v1/messages']);
    const body = JSON.stringify(reviews(h)[0]?.body);
    for (const c of samplePlan().gating.rules[2]?.criteria ?? []) expect(body).toContain(c);
    expect(textOf(gatingMessage(h))).toContain('Reviewed by Anthropic · claude-test: no findings');
    expect(textOf(root(h))).toContain('Reviewed by Anthropic · claude-test');
    const calls = await h.store.listModelCalls((await planOf(h)).id);
    expect(calls.map((c) => c.purpose)).toEqual(['plan', 'review']);
    expect((await h.store.listAudit()).filter((e) => e.kind === 'section.reviewed')).toHaveLength(1);
    expect(h.slack.violations).toEqual([]);
  });

  it('has the planning model revise the gating section once for a blocking finding, before it is posted', async () => {
    const revised = {
      ...samplePlan().gating,
      exceptions: [{ ...samplePlan().gating.exceptions[0]!, role: 'SRE lead' }],
    };
    revised.exceptions[0]!.handling = 'Weekend overrides: the SRE lead decides.';
    h.models.script(
      '/v1/responses',
      { kind: 'json', value: samplePlan() },
      { kind: 'json', value: { gating: revised } },
    );
    h.models.script(
      '/v1/messages',
      { kind: 'json', value: { findings: [BLOCKING] } },
      { kind: 'json', value: { findings: [] } },
    );
    await requestPlan(h, HIGH);

    expect(h.models.requests.filter((r) => r.path === '/v1/responses')).toHaveLength(2);
    expect(reviews(h)).toHaveLength(2);
    const gating = gatingMessage(h);
    expect(textOf(gating)).toContain('Weekend overrides: the SRE lead decides.');
    expect(textOf(gating)).toContain('1 finding, 1 resolved in revision');
    const gatingPosts = h.slack
      .callsTo('chat.postMessage')
      .filter((c) => JSON.stringify(c.args).includes('Change Gating Rules'));
    expect(gatingPosts).toHaveLength(1);
    const headers = thread(h)
      .map((m) => m.text)
      .filter((t) => /\d\/6/.test(t));
    expect(headers.map((t) => t.match(/(\d)\/6/)?.[1])).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  it('keeps a blocking finding the revision did not fix visible, and the plan off green', async () => {
    const green = samplePlan({ scorecard: { ...samplePlan().scorecard, overall_status: 'green' } });
    h.models.script(
      '/v1/responses',
      { kind: 'json', value: green },
      { kind: 'json', value: { gating: green.gating } },
    );
    h.models.script(
      '/v1/messages',
      { kind: 'json', value: { findings: [BLOCKING] } },
      { kind: 'json', value: { findings: [BLOCKING] } },
    );
    await requestPlan(h, HIGH);

    expect(textOf(gatingMessage(h))).toContain('1 blocking still open');
    expect(textOf(gatingMessage(h))).toContain('Name the SRE lead for weekend overrides.');
    expect(textOf(root(h))).toContain('Overall status: yellow');
  });

  it('posts advisory notes as a compact line with a button that opens them', async () => {
    const advisory: ReviewFinding = {
      ...BLOCKING,
      severity: 'advisory',
      problem: 'The canary gate names no metric.',
    };
    h.models.script('/v1/messages', { kind: 'json', value: { findings: [advisory, advisory] } });
    await requestPlan(h, HIGH);

    const gating = gatingMessage(h);
    expect(textOf(gating)).toContain('Reviewed by Anthropic · claude-test: 2 advisory notes');
    expect(textOf(gating)).not.toContain('The canary gate names no metric.');
    await click(h, gating, ACTION.reviewNotes);
    await h.slack.waitFor((s) => s.callsTo('views.open').length === 2, 5_000, 'the notes modal');
    const modal = JSON.stringify(h.slack.lastView()?.view);
    expect(modal).toContain('Review notes');
    expect(modal).toContain('The canary gate names no metric.');
    expect(modal).toContain('Name the SRE lead for weekend overrides.');
  });

  it('posts the section not reviewed when the reviewer fails, with a Retry review that works', async () => {
    h.models.script('/v1/messages', { kind: 'http_error', status: 500 });
    await requestPlan(h, HIGH);

    const before = gatingMessage(h);
    expect(textOf(before)).toMatch(/Not reviewed \(/);
    expect(
      thread(h)
        .map((m) => m.text)
        .filter((t) => /\d\/6/.test(t)),
    ).toHaveLength(6);
    expect(buttonsOf(before).map((b) => b.actionId)).toContain(ACTION.retryReview);

    await click(h, before, ACTION.retryReview);
    await h.idle();
    const after = gatingMessage(h);
    expect(textOf(after)).toContain('Reviewed by Anthropic · claude-test: no findings');
    expect(buttonsOf(after).map((b) => b.actionId)).not.toContain(ACTION.retryReview);
    expect(reviews(h)).toHaveLength(2);
  });

  it('reviews again a revision that changes the gating rules, and not one that leaves them alone', async () => {
    await requestPlan(h, HIGH);
    expect(reviews(h)).toHaveLength(1);
    const gating = structuredClone(samplePlan().gating);
    gating.rules[0]?.criteria.push('Load test at peak volume passed');
    const nulls = {
      scorecard: null,
      toolchain: null,
      gating: null,
      timeline: null,
      writeback: null,
      exit: null,
    };
    h.models.script('/v1/responses', {
      kind: 'json',
      value: { ...nulls, gating, summary: 'Added the load test.' },
    });
    await reply(h, 'Gate on the load test too.', '1800000000.000001');
    expect(reviews(h)).toHaveLength(2);
    expect(JSON.stringify(reviews(h)[1]?.body)).toContain('Load test at peak volume passed');
    const plan = await h.store.getPlan((await planOf(h)).id);
    expect(plan?.version).toBe(2);

    const timeline = structuredClone(samplePlan().timeline);
    if (timeline.phases[0]) timeline.phases[0].goal = 'One cohort first.';
    h.models.script('/v1/responses', {
      kind: 'json',
      value: { ...nulls, timeline, summary: 'Smaller pilot.' },
    });
    await reply(h, 'Pilot with one cohort.', '1800000000.000002');
    expect(reviews(h)).toHaveLength(2);
    expect((await h.store.getPlan((await planOf(h)).id))?.version).toBe(3);
  });

  it('sends no review request for a low-risk plan unless the requester asked for one', async () => {
    await requestPlan(h, { risk_class: 'low' });
    expect(reviews(h)).toHaveLength(0);
    expect(textOf(gatingMessage(h))).not.toContain('Reviewed by');

    h.models.clear();
    await requestPlan(h, { risk_class: 'low', options: [OPTION.secondModelReview] });
    expect(reviews(h)).toHaveLength(1);
  });
});

/** A signed thread reply, then waits for the revision it starts. */
async function reply(h: Harness, text: string, ts: string): Promise<void> {
  const envelope = threadReplyEvent({
    channel: 'C0PLANS',
    user: 'U0REVIEWER',
    text,
    ts,
    threadTs: root(h).ts,
  });
  expect((await h.client.event(envelope)).status).toBe(200);
  await h.idle();
}
