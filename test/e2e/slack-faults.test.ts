import { afterEach, describe, expect, it } from 'vitest';
import { CALLBACK } from '../../src/slack/ids.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { viewSubmissionPayload } from '../fakes/slack-client.ts';
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

let h: Harness;
afterEach(() => h?.close());

function sectionHeaders(harness: Harness) {
  return thread(harness).filter((m) => /\d\/6/.test(m.text));
}

describe('request verification (Bolt)', () => {
  it.each([
    ['a forged signature', { wrongSignature: true }],
    ['a stale timestamp', { staleTimestamp: true }],
  ])('answers %s with 401 and processes nothing', async (_name, tamper) => {
    h = await startHarness();
    const res = await h.client.command({ text: '', userId: REQUESTER, channelId: CHANNEL }, tamper);
    expect(res.status).toBe(401);
    const opened = await openModal(h);
    const forged = await h.client.viewSubmission(
      viewSubmissionPayload({
        userId: REQUESTER,
        viewId: opened.viewId,
        callbackId: CALLBACK.planRequest,
        privateMetadata: opened.view.private_metadata ?? '',
        values: fillModal(opened.view, ANSWERS),
      }),
      tamper,
    );
    expect(forged.status).toBe(401);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
    expect(h.slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect(h.models.requests).toHaveLength(0);
  });
});

describe('duplicate delivery', () => {
  it('opens one modal for a command delivered three times', async () => {
    h = await startHarness();
    const input = { text: '', userId: REQUESTER, channelId: CHANNEL, triggerId: '123.456.abc' };
    const answers = await Promise.all([
      h.client.command(input),
      h.client.command(input),
      h.client.command(input),
    ]);
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    await h.idle();
    expect(h.slack.callsTo('views.open')).toHaveLength(1);
    expect(h.slack.responses).toHaveLength(0);
  });

  it('makes one plan from four concurrent deliveries of a submission', async () => {
    h = await startHarness();
    const opened = await openModal(h);
    await Promise.all([1, 2, 3, 4].map(() => submitModal(h, opened)));
    await h.idle();
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(1);
    expect(sectionHeaders(h)).toHaveLength(6);
    expect(h.models.requests).toHaveLength(1);
  });
});

describe('Slack faults', () => {
  it('tells the requester to invite the bot when it is not in the channel', async () => {
    h = await startHarness();
    h.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await requestPlan(h);
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(0);
    expect(h.models.requests).toHaveLength(0);
    const told = JSON.stringify(h.slack.responses.map((r) => r.body));
    expect(told).toMatch(/Invite me with `\/invite @Release Planner`/);
    expect(told).toContain('ephemeral');
  });

  it.each(['not_in_channel', 'channel_not_found'])(
    'names the channel as a link when the root cannot be posted (%s), not as escaped text',
    async (error) => {
      h = await startHarness();
      h.slack.failNext('chat.postMessage', { error });
      await requestPlan(h);
      const body = h.slack.responses[0]?.body as { text?: string; blocks?: { text?: { text?: string } }[] };
      expect(body.text).toContain(`I can't post in <#${CHANNEL}>.`);
      expect(body.blocks?.[0]?.text?.text).toContain(`<#${CHANNEL}>`);
      expect(JSON.stringify(body)).not.toContain('&lt;#');
    },
  );

  it('explains an expired trigger instead of failing silently', async () => {
    h = await startHarness();
    h.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await h.client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
    await h.idle();
    await h.slack.waitFor((s) => s.responses.length > 0, 5000, 'a response_url message');
    expect(JSON.stringify(h.slack.responses[0]?.body)).toMatch(/took too long to open the form/);
  });

  it('honours a 429 with Retry-After and still posts every section once', async () => {
    h = await startHarness({ env: { SLACK_MAX_RETRIES: '1' } });
    h.slack.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });
    await requestPlan(h);
    expect(sectionHeaders(h)).toHaveLength(6);
    const posts = h.slack.callsTo('chat.postMessage');
    const limited = posts.findIndex((c) => c.response?.status === 429);
    expect(limited).toBeGreaterThanOrEqual(0);
    expect(posts[limited + 1]!.at - posts[limited]!.at).toBeGreaterThanOrEqual(950);
  });

  it('retries a Slack 5xx a bounded number of times', async () => {
    h = await startHarness({ env: { SLACK_MAX_RETRIES: '1' } });
    h.slack.failNext('chat.update', { status: 500 });
    await requestPlan(h);
    expect(sectionHeaders(h)).toHaveLength(6);
    expect(JSON.stringify(root(h).blocks)).toMatch(/yellow|green|red/i);
  });
});

describe('Slack rate limits', () => {
  it('paces messages per channel so concurrent plans in one channel meet no 429', async () => {
    h = await startHarness({
      slack: { rateLimit: { postMessagePerChannelPerSec: 10, burst: 3 } },
      env: { SLACK_POST_INTERVAL_MS: '110', SLACK_POST_BURST: '3' },
    });
    const first = await openModal(h);
    const second = await openModal(h);
    await Promise.all([submitModal(h, first), submitModal(h, second)]);
    await h.idle();
    expect(h.slack.rateLimited).toBe(0);
    expect(h.slack.rootMessages(CHANNEL)).toHaveLength(2);
    for (const r of h.slack.rootMessages(CHANNEL)) {
      expect(h.slack.thread(CHANNEL, r.ts).filter((m) => /\d\/6/.test(m.text))).toHaveLength(6);
    }
  });

  it("keeps within each method's per-workspace budget: plans and approval clicks meet no 429", async () => {
    h = await startHarness({
      slack: { methodLimits: true },
      env: { SLACK_METHOD_BUDGET_SHARE: '1' },
      policy: {
        roles: { 'SRE lead': { users: ['U0SRE1'], usergroups: [] } },
        approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead'] },
      },
    });
    await requestPlan(h);
    const approvals = thread(h)
      .map((m) => ({ m, b: buttonsOf(m).find((x) => /approve/i.test(x.actionId)) }))
      .filter((x) => x.b !== undefined)
      .slice(0, 4);
    expect(approvals.length).toBe(4);
    const clicks = await Promise.all(approvals.map(({ m, b }) => click(h, m, b?.actionId ?? '', 'U0SRE1')));
    expect(clicks.map((c) => c.status)).toEqual([200, 200, 200, 200]);
    await h.idle();
    expect(Object.fromEntries(h.slack.rateLimitedBy)).toEqual({});
    expect(h.slack.callsTo('chat.update').length).toBeGreaterThan(5);
    for (const { m } of approvals) expect(textOf(h.slack.message(CHANNEL, m.ts) ?? m)).toMatch(/approved/i);
  }, 60_000);
});
