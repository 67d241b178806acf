import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanRecord } from '../../../src/plan/record.ts';
import { createApprovals, type ItemClick } from '../../../src/services/approvals/index.ts';
import { loadApprovals } from '../../../src/services/approvals/load.ts';
import {
  CHANNEL,
  clickOn,
  draftPlan,
  REQUESTER,
  type ServiceWorld,
  serviceWorld,
} from '../../fakes/service-deps.ts';
import { sampleSum, scrape } from '../../support/prometheus.ts';

const SRE = 'U0SRE1';

function ephemeralsTo(w: ServiceWorld, userId: string): string[] {
  return w.slack
    .callsTo('chat.postEphemeral')
    .filter((c) => c.user === userId)
    .map((c) => `${String(c.text)} ${JSON.stringify(c.blocks)}`);
}

describe('approvals, over ServiceDeps', () => {
  let w: ServiceWorld;
  let plan: PlanRecord;
  beforeEach(async () => {
    w = serviceWorld();
    plan = await draftPlan(w);
  });

  it('records a holder’s approval at the clock’s time, and shows it on the item and the root', async () => {
    const approvals = createApprovals(w.deps);
    const updates = w.slack.callsTo('chat.update').length;
    w.clock.advance(90_000);

    const outcome = await approvals.approve(await clickOn(w, plan, 'gating', SRE));

    expect(outcome).toMatchObject({ kind: 'recorded', decision: { role: 'SRE lead', decision: 'approve' } });
    const [decision] = await w.store.listDecisions(plan.id);
    expect(decision?.createdAt).toBe(w.clock.now().toISOString());
    expect(w.slack.callsTo('chat.update').length - updates).toBe(2);
    const gatingTs = (await w.store.listMessages(plan.id)).find((m) => m.itemKey === 'gating')?.ts ?? '';
    expect(JSON.stringify(w.slack.messages.get(gatingTs)?.blocks)).toContain(`<@${SRE}>`);
    expect((await w.store.listAudit({ planId: plan.id })).at(-1)?.kind).toBe('decision.recorded');
  });

  it('counts a double click once', async () => {
    const approvals = createApprovals(w.deps);
    const click = await clickOn(w, plan, 'gating', SRE);
    const outcomes = await Promise.all([approvals.approve(click), approvals.approve(click)]);
    expect(outcomes.map((o) => o.kind).sort()).toEqual(['duplicate', 'recorded']);
    expect(await w.store.listDecisions(plan.id)).toHaveLength(1);
  });

  it.each([
    ['the requester', REQUESTER, (c: ItemClick) => c, /you can't approve it/],
    ['someone without the role', 'U0NOBODY', (c: ItemClick) => c, /Only a holder of/],
    [
      'a click on content that changed',
      SRE,
      (c: ItemClick) => ({ ...c, hash: 'f'.repeat(64) }),
      /changed since you saw it/,
    ],
    [
      'a click from another channel',
      SRE,
      (c: ItemClick) => ({ ...c, channelId: 'C0ELSEWHERE' }),
      /no longer available/,
    ],
  ])('refuses %s, tells them privately why, audits and counts it', async (_name, userId, alter, message) => {
    const approvals = createApprovals(w.deps);
    const outcome = await approvals.approve(alter(await clickOn(w, plan, 'gating', userId)));
    expect(outcome.kind).toBe('refused');
    expect(await w.store.listDecisions(plan.id)).toEqual([]);
    expect(ephemeralsTo(w, userId).join('\n')).toMatch(message);
    const refused = (await w.store.listAudit({ planId: plan.id })).at(-1);
    expect(refused?.kind).toBe('decision.refused');
    const reason = String((refused?.data as { reason?: unknown } | undefined)?.reason);
    const samples = await scrape(w.deps.metrics);
    expect(sampleSum(samples, 'release_planner_approval_refusals_total')).toBe(1);
    expect(sampleSum(samples, 'release_planner_approval_refusals_total', { reason })).toBe(1);
  });

  it('announces once, in the thread, when every item is approved', async () => {
    const approvals = createApprovals(w.deps);
    const items = (await loadApprovals(w.deps, plan)).items;
    for (const { item, requirements } of items) {
      for (const role of requirements.roles) {
        const holder = w.deps.policy.roles[role]?.users[0] ?? '';
        await approvals.approve({ ...(await clickOn(w, plan, item.key, holder)), role });
      }
    }
    const announcements = w.slack.thread(CHANNEL, plan.rootTs ?? '').filter((m) => /approved/i.test(m.text));
    expect(announcements).toHaveLength(1);
    const kinds = (await w.store.listAudit({ planId: plan.id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'plan.approved')).toHaveLength(1);
  });

  it('says to click again when Slack took too long to open the Request changes form', async () => {
    const approvals = createApprovals(w.deps);
    w.slack.failNext('views.open', 'expired_trigger_id');
    const click = await clickOn(w, plan, 'gating', SRE);
    await approvals.openRequestChanges({ triggerId: 'T.1', userId: SRE, channelId: CHANNEL }, click);
    expect(ephemeralsTo(w, SRE).join('\n')).toMatch(/click the button again/);
  });
});
