import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/approval/roles.ts';
import type { PlanRecord } from '../../../src/plan/record.ts';
import { createApprovals } from '../../../src/services/approvals/index.ts';
import { loadApprovals } from '../../../src/services/approvals/load.ts';
import { refreshEvidence } from '../../../src/services/revisions/evidence-refresh.ts';
import { type EvidenceFakes, fakeCollector, startEvidenceFakes } from '../../fakes/evidence/index.ts';
import {
  clickOn,
  draftPlan,
  type ServiceWorld,
  serviceWorld,
  TEST_POLICY,
} from '../../fakes/service-deps.ts';

const SRE = 'U0SRE1';
const MINUTE = 60_000;
const POLICY: Policy = {
  ...TEST_POLICY,
  gates: [
    {
      environment: 'staging',
      checks: [{ kind: 'datadog_monitors', tags: ['env:staging'], warn: 'unknown', maxAgeMs: 15 * MINUTE }],
    },
    {
      environment: 'production',
      checks: [{ kind: 'pagerduty_incidents', services: ['P1ABCD2'], urgency: 'high', max: 0 }],
    },
  ],
};

let fakes: EvidenceFakes;
beforeAll(async () => {
  fakes = await startEvidenceFakes();
  fakes.pagerduty.addService('P1ABCD2', 'Ingest API');
});
afterAll(() => fakes.close());

const ephemeralsTo = (w: ServiceWorld, userId: string) =>
  w.slack
    .callsTo('chat.postEphemeral')
    .filter((c) => c.user === userId)
    .map((c) => `${String(c.text)} ${JSON.stringify(c.blocks)}`);

describe('evidence over time, over ServiceDeps (an injected clock)', () => {
  let w: ServiceWorld;
  let plan: PlanRecord;
  beforeEach(async () => {
    fakes.datadog.setMonitors([{ name: 'ingest p99', tags: ['env:staging'], state: 'OK' }]);
    fakes.pagerduty.setIncidents([]);
    w = serviceWorld({ policy: POLICY });
    w.deps.evidence = fakeCollector(fakes, w.clock);
    plan = await draftPlan(w);
  });

  it('evidence past its max_age blocks the scorecard’s approval until refreshed; the approval records the fresh snapshot', async () => {
    const approvals = createApprovals(w.deps);
    w.clock.advance(20 * MINUTE);
    const refused = await approvals.approve(await clickOn(w, plan, 'scorecard', SRE));
    expect(refused.kind).toBe('refused');
    expect(ephemeralsTo(w, SRE).join('\n')).toContain('staging (observed 20 min ago)');
    expect(await w.store.listDecisions(plan.id)).toEqual([]);
    // Other items do not rest on the evidence: they are approved as before.
    expect((await approvals.approve(await clickOn(w, plan, 'gating', SRE))).kind).toBe('recorded');

    await refreshEvidence(w.deps, { planId: plan.id, userId: SRE });
    const current = (await w.store.getPlan(plan.id)) ?? plan;
    expect(current.version).toBe(plan.version);
    expect((await approvals.approve(await clickOn(w, current, 'scorecard', SRE))).kind).toBe('recorded');
    const audit = await w.store.listAudit({ planId: plan.id });
    const snapshots = audit.filter((e) => e.kind === 'evidence.snapshot');
    expect(snapshots.map((e) => (e.data as { trigger: string }).trigger)).toEqual(['plan', 'refresh']);
    const recorded = audit.filter((e) => e.kind === 'decision.recorded').at(-1);
    const given = (snapshots.at(-1)?.data as { snapshot: { hash: string } } | undefined)?.snapshot.hash;
    expect(given).toMatch(/^[0-9a-f]{64}$/);
    expect((recorded?.data as { evidenceHash?: string } | undefined)?.evidenceHash).toBe(given);
  });

  it('a refresh while the plan is being revised is not run, and the person is told', async () => {
    w.deps.generating.add(plan.id);
    await refreshEvidence(w.deps, { planId: plan.id, userId: SRE });
    w.deps.generating.delete(plan.id);
    expect(ephemeralsTo(w, SRE).join('\n')).toContain('being revised right now');
    expect(
      (await w.store.listAudit({ planId: plan.id })).filter((e) => e.kind === 'evidence.snapshot'),
    ).toHaveLength(1);
  });

  it('an incident opening turns production red on refresh: a new version, the scorecard’s approval reset, the others kept', async () => {
    const approvals = createApprovals(w.deps);
    await approvals.approve(await clickOn(w, plan, 'scorecard', SRE));
    await approvals.approve(await clickOn(w, plan, 'gating', SRE));
    fakes.pagerduty.setIncidents([
      { service: 'P1ABCD2', title: 'Ingest down', status: 'triggered', urgency: 'high' },
    ]);
    await refreshEvidence(w.deps, { planId: plan.id, userId: SRE });

    const current = (await w.store.getPlan(plan.id)) ?? plan;
    expect(current.version).toBe(plan.version + 1);
    const items = (await loadApprovals(w.deps, current)).items;
    expect(items.find((i) => i.item.key === 'scorecard')?.state.status).toBe('pending');
    expect(items.find((i) => i.item.key === 'gating')?.state.status).toBe('approved');
  });
});
