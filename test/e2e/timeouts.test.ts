import { afterEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import type { Timeouts } from '../../src/approval/timeouts.ts';
import { approveActionId, REVIEW_ACTION } from '../../src/slack/ids.ts';
import type { FakeMessage } from '../fakes/slack-api.ts';
import { buttonsOf, click, planOf, REQUESTER, requestPlan, root, textOf, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const SRE = 'U0SRE1';
const SME = 'U0SME1';
const CTO = 'U0CTO1';

function policyWith(timeouts: Timeouts): Policy {
  return {
    roles: {
      SME: { users: [SME], usergroups: [] },
      'SRE lead': { users: [SRE], usergroups: [] },
      CTO: { users: [CTO], usergroups: [] },
    },
    approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
    timeouts,
  };
}

/** Messages the bot sent to a person directly (a DM is posted to the user's id). */
function dmsTo(h: Harness, userId: string): string[] {
  return h.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === userId && c.response?.ok)
    .map((c) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks)}`);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

let h: Harness;
afterEach(async () => {
  await h?.close();
});

describe('approval timeouts: reminders', () => {
  it('reminds each pending holder once, in one message for two plans, and never the requester', async () => {
    h = await startHarness({ policy: policyWith({ remindAfterMs: 4_000 }) });
    await requestPlan(h, { title: 'Plan Alpha' });
    await requestPlan(h, { title: 'Plan Beta' });
    await h.slack.waitFor((_s) => dmsTo(h, SRE).length > 0 && dmsTo(h, SME).length > 0, 10_000, 'reminders');
    // Both plans' items came due within a couple of seconds: still one message per person.
    await sleep(2_500);
    const sre = dmsTo(h, SRE);
    expect(sre).toHaveLength(1);
    expect(sre[0]).toContain('18 items wait for your approval');
    expect(sre[0]).toContain('Plan Alpha');
    expect(sre[0]).toContain('Plan Beta');
    expect(sre[0]).toMatch(/<!date\^\d+\^/);
    // SME approves only the Jira draft of each plan.
    expect(dmsTo(h, SME)).toHaveLength(1);
    expect(dmsTo(h, SME)[0]).toContain('2 items wait for your approval');
    expect(dmsTo(h, REQUESTER)).toEqual([]);
    // The merchant announcement draft proposes the CTO as its approver.
    expect(dmsTo(h, CTO)).toHaveLength(1);
    expect(dmsTo(h, CTO)[0]).toContain('2 items wait for your approval');
    const audit = (await h.store.listAudit()).filter((e) => e.kind === 'timeout.reminded');
    expect(audit.map((e) => (e.data as { userId: string }).userId).sort()).toEqual([
      CTO,
      CTO,
      SME,
      SME,
      SRE,
      SRE,
    ]);
  });

  it('reminds again after remind_every, and not someone who has decided everything', async () => {
    h = await startHarness({ policy: policyWith({ remindAfterMs: 2_000, remindEveryMs: 3_000 }) });
    await requestPlan(h);
    await h.slack.waitFor((_s) => dmsTo(h, SRE).length === 1 && dmsTo(h, SME).length === 1, 8_000, 'first');
    // SME approves the one item waiting for them (its Approve button names the role); SRE does nothing.
    const target = thread(h).find((m) => buttonsOf(m).some((b) => b.value.includes('"role":"SME"')));
    const approve = target && buttonsOf(target).find((b) => b.value.includes('"role":"SME"'));
    if (!target || !approve) throw new Error('no Approve button for SME');
    expect((await click(h, target, approve.actionId, SME)).status).toBe(200);
    await h.idle();
    await h.slack.waitFor((_s) => dmsTo(h, SRE).length === 2, 8_000, 'second reminder');
    await sleep(500);
    expect(dmsTo(h, SME)).toHaveLength(1);
  });
});

describe('approval timeouts: when Slack refuses a reminder', () => {
  it('skips a person Slack will not message (a definite answer) and keeps reminding the others', async () => {
    h = await startHarness({ policy: policyWith({ remindAfterMs: 2_000, remindEveryMs: 3_000 }) });
    await requestPlan(h);
    // The next post is the first reminder (whoever it is for): Slack answers that it can't DM them.
    h.slack.failNext('chat.postMessage', { error: 'cannot_dm_bot' });
    await h.slack.waitFor(
      () => dmsTo(h, SRE).length + dmsTo(h, SME).length + dmsTo(h, CTO).length >= 5,
      10_000,
      'second reminders',
    );
    const refused = h.slack.callsTo('chat.postMessage').find((c) => c.response?.error === 'cannot_dm_bot');
    expect(refused).toBeDefined();
    // The refused person is reminded again at the next interval, like everyone else.
    const person = String(refused?.args.channel);
    await h.slack.waitFor(() => dmsTo(h, person).length >= 1, 6_000, 'the refused person reminded later');
  });
});

describe('approval timeouts: escalation and expiry', () => {
  it('escalates once in the thread mentioning the escalation role, then expires the plan', async () => {
    h = await startHarness({
      policy: policyWith({ escalation: { afterMs: 2_000, role: 'CTO' }, expireAfterMs: 5_000 }),
    });
    await requestPlan(h);
    // As a client that never refreshed shows it: a copy, since the fake updates its messages in place.
    const shown = thread(h).find((m) => buttonsOf(m).some((b) => b.actionId === approveActionId(0)));
    if (!shown) throw new Error('no item with an Approve button');
    const before = structuredClone(shown);

    await h.slack.waitFor(
      () => thread(h).some((m) => textOf(m).includes('Escalated to CTO')),
      8_000,
      'escalation',
    );
    const escalation = thread(h).filter((m) => textOf(m).includes('Escalated to CTO'));
    expect(escalation).toHaveLength(1);
    expect(textOf(escalation[0] as FakeMessage)).toContain(`<@${CTO}>`);
    expect(textOf(escalation[0] as FakeMessage)).toContain('does not change who may approve');
    await h.slack.waitFor(() => dmsTo(h, CTO).length > 0, 5_000, 'escalation DM');
    expect(dmsTo(h, CTO)).toHaveLength(1);
    expect(dmsTo(h, CTO)[0]).toContain('escalated to you');

    await h.slack.waitFor(() => textOf(root(h)).includes('Approval: expired'), 10_000, 'expiry');
    // The notice is the expiry's last step: the items and the root are updated before it.
    await h.slack.waitFor(
      () => thread(h).some((m) => textOf(m).includes('This plan expired')),
      5_000,
      'notice',
    );
    expect(thread(h).filter((m) => textOf(m).includes('Escalated to CTO'))).toHaveLength(1);
    const notice = thread(h).find((m) => textOf(m).includes('This plan expired'));
    expect(notice && textOf(notice)).toContain(`<@${REQUESTER}>`);
    expect(notice && textOf(notice)).toContain('/release-plan');
    for (const message of thread(h)) {
      const decisions = buttonsOf(message).filter(
        (b) => b.actionId.startsWith('approve') || b.actionId === REVIEW_ACTION.requestChanges,
      );
      expect(decisions).toEqual([]);
    }
    expect(buttonsOf(root(h)).filter((b) => b.actionId.startsWith('approve_all'))).toEqual([]);
    expect((await h.store.listAudit()).filter((e) => e.kind === 'plan.expired')).toHaveLength(1);

    // A click on a button still showing somewhere (a stale client) is refused, privately.
    const ephemerals = h.slack.callsTo('chat.postEphemeral').length;
    expect((await click(h, before, approveActionId(0), SRE)).status).toBe(200);
    await h.idle();
    const refusal = h.slack.callsTo('chat.postEphemeral').slice(ephemerals);
    expect(refusal.map((c) => JSON.stringify(c.args))).toEqual([expect.stringContaining('approval expired')]);
    expect(refusal[0]?.args.user).toBe(SRE);
    expect(await h.store.listDecisions((await planOf(h)).id)).toEqual([]);
  });
});
