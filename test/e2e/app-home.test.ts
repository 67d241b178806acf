import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import { approveActionId } from '../../src/slack/ids.ts';
import { appHomeOpenedEvent } from '../fakes/slack-client.ts';
import { buttonsOf, CHANNEL, click, REQUESTER, requestPlan, root, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const SRE = 'U0SRE1';
const SME = 'U0SME1';
const OUTSIDER = 'U0NOBODY';
const POLICY: Policy = {
  roles: {
    SME: { users: [SME], usergroups: [] },
    'SRE lead': { users: [SRE], usergroups: [] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};

function publishesFor(h: Harness, user: string): number {
  return h.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
}

async function openHome(h: Harness, user: string): Promise<string> {
  const published = h.slack.callsTo('views.publish').length;
  const res = await h.client.event(appHomeOpenedEvent({ user }));
  expect(res.status).toBe(200);
  await h.slack.waitFor((s) => s.callsTo('views.publish').length > published, 5000, 'views.publish');
  return JSON.stringify(h.slack.home(user)?.blocks ?? []);
}

describe('App Home: the approver’s inbox', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ policy: POLICY });
    await requestPlan(h);
  });
  afterEach(() => h.close());

  it('lists for an approver exactly the items that wait for them, linked to the thread', async () => {
    const sre = await openHome(h, SRE);
    // Medium risk: "SRE lead" must approve all nine items.
    expect(sre).toContain('Waiting for you (9)');
    expect(sre).toMatch(/Change Gating Rules — as “SRE lead”/);
    const link = h.slack.callsTo('chat.getPermalink').at(-1);
    expect(link?.args).toMatchObject({ channel: CHANNEL, message_ts: root(h).ts });
    expect(sre).toContain('<https://');

    // SME must approve only the Jira draft (its proposed role).
    const sme = await openHome(h, SME);
    expect(sme).toContain('Waiting for you (1)');
    expect(sme).toMatch(/Draft: .* — as “SME”/);
    expect(await openHome(h, OUTSIDER)).toContain('Waiting for you (0)');
  });

  it('lists the requester’s own plans with their progress, and nothing to approve', async () => {
    const home = await openHome(h, REQUESTER);
    expect(home).toContain('Waiting for you (0)');
    expect(home).toMatch(/Your plans.*0 of 9 items approved/s);
  });

  it('keeps an opened Home tab current: a decision elsewhere republishes it, once for several changes', async () => {
    expect(await openHome(h, SRE)).toContain('Waiting for you (9)');
    expect(await openHome(h, REQUESTER)).toMatch(/0 of 9 items approved/);
    const sreBefore = publishesFor(h, SRE);
    const [first, second] = thread(h).filter((m) =>
      buttonsOf(m).some((b) => b.actionId === approveActionId(0)),
    );
    if (!first || !second) throw new Error('no items to approve');
    await click(h, first, approveActionId(0), SRE);
    await click(h, second, approveActionId(0), SRE);
    await h.idle();
    await h.slack.waitFor(() => publishesFor(h, SRE) > sreBefore, 6_000, 'the Home tab republished');
    await h.slack.waitFor(
      () => /2 of 9 items approved/.test(JSON.stringify(h.slack.home(REQUESTER)?.blocks)),
      6_000,
      'requester’s Home',
    );
    expect(JSON.stringify(h.slack.home(SRE)?.blocks)).toContain('Waiting for you (7)');
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    // Two decisions within the settle time: one refresh each, not one per decision.
    expect(publishesFor(h, SRE) - sreBefore).toBe(1);
    // Nobody who never opened the tab gets one pushed.
    expect(publishesFor(h, SME)).toBe(0);
  });

  it('ignores the Messages tab', async () => {
    const res = await h.client.event(appHomeOpenedEvent({ user: SRE, tab: 'messages' }));
    expect(res.status).toBe(200);
    await h.idle();
    expect(h.slack.callsTo('views.publish')).toEqual([]);
  });
});

describe("App Home tabs within Slack's per-method budgets", () => {
  const APPROVERS = Array.from({ length: 12 }, (_, i) => `U0APPR${String(i).padStart(2, '0')}`);
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      slack: { methodLimits: true },
      env: { SLACK_METHOD_BUDGET_SHARE: '1' },
      policy: {
        roles: { 'SRE lead': { users: APPROVERS, usergroups: [] } },
        approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead'] },
      },
    });
    await requestPlan(h);
  });
  afterEach(() => h.close());

  it('asks Slack for a thread’s link once, however many Home tabs show it and however often they are rebuilt', async () => {
    // chat.getPermalink is Tier 4 (a burst of 10): twelve tabs opened, then all twelve rebuilt
    // after a decision, would be 24 calls for one link.
    for (const user of APPROVERS) expect(await openHome(h, user)).toContain('Waiting for you (9)');
    const [item] = thread(h).filter((m) => buttonsOf(m).some((b) => b.actionId === approveActionId(0)));
    if (!item) throw new Error('no item to approve');
    const republished = h.slack.callsTo('views.publish').length;
    await click(h, item, approveActionId(0), APPROVERS[0] ?? '');
    await h.idle();
    await h.slack.waitFor(
      (s) => s.callsTo('views.publish').length >= republished + APPROVERS.length,
      15_000,
      'every open Home tab rebuilt',
    );
    expect(Object.fromEntries(h.slack.rateLimitedBy)).toEqual({});
    expect(h.slack.callsTo('chat.getPermalink')).toHaveLength(1);
    for (const user of APPROVERS) {
      const home = JSON.stringify(h.slack.home(user)?.blocks ?? []);
      expect(home).toContain('Waiting for you (8)');
      expect(home).toContain('<https://');
    }
  }, 40_000);
});
