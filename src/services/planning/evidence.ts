import { responsibleRole } from '../../approval/requirements.ts';
import { gatesOf } from '../../approval/roles.ts';
import { formatAge } from '../../evidence/duration.ts';
import { staleGates } from '../../evidence/gate-rule.ts';
import { applyEvidence } from '../../evidence/scorecard.ts';
import type { EvidenceSnapshot } from '../../evidence/types.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { Section } from '../../plan/schema.ts';
import { readAuditEvent } from '../../store/audit-events.ts';
import type { ServiceDeps } from '../deps.ts';

type Deps = Pick<ServiceDeps, 'store' | 'policy' | 'logger' | 'evidence' | 'metrics'>;

/**
 * A plan's evidence: the policy's gates run against the live systems (read-only), each snapshot
 * recorded in the audit log — what the plan was drafted on and what every refresh saw. The latest
 * snapshot is what the scorecard, the root and approvals are given.
 */
export async function latestEvidence(
  deps: Pick<ServiceDeps, 'store' | 'policy'>,
  planId: string,
): Promise<EvidenceSnapshot | undefined> {
  // No gates in the policy: no evidence to show, and no audit read on every root update or click.
  if (gatesOf(deps.policy).length === 0) return undefined;
  const entries = await deps.store.listAudit({ planId });
  for (const entry of entries.toReversed()) {
    if (entry.kind !== 'evidence.snapshot') continue;
    const event = readAuditEvent(entry);
    if (event?.kind === 'evidence.snapshot') return event.data.snapshot;
  }
  return undefined;
}

/** Runs the policy's gates for the plan and records the snapshot; none without gates or connectors. */
export async function collectEvidence(
  deps: Deps,
  plan: PlanRecord,
  how: { fresh: boolean; actor: string | null; trigger: 'plan' | 'refresh' },
): Promise<EvidenceSnapshot | undefined> {
  const gates = gatesOf(deps.policy);
  if (gates.length === 0 || !deps.evidence) return undefined;
  const input = plan.request.evidence ?? {};
  const snapshot = await deps.evidence.collect(gates, input, { fresh: how.fresh });
  await deps.store.appendAudit({
    kind: 'evidence.snapshot',
    planId: plan.id,
    actor: how.actor,
    data: { version: plan.version, trigger: how.trigger, snapshot },
  });
  for (const record of snapshot.gates.flatMap((g) => g.checks)) {
    deps.metrics.evidenceChecked(record.source, record.status, record.reason);
  }
  deps.logger.info(
    {
      planId: plan.id,
      trigger: how.trigger,
      hash: snapshot.hash,
      gates: snapshot.gates.map((g) => ({ environment: g.environment, status: g.status })),
    },
    'evidence collected',
  );
  return snapshot;
}

/** The snapshot a draft is written on: the one recorded already (a resumed run), else a new one. */
export async function draftingEvidence(deps: Deps, plan: PlanRecord): Promise<EvidenceSnapshot | undefined> {
  if (gatesOf(deps.policy).length === 0 || !deps.evidence) return undefined;
  return (
    (await latestEvidence(deps, plan.id)) ??
    collectEvidence(deps, plan, { fresh: false, actor: null, trigger: 'plan' })
  );
}

/** The scorecard with the statuses the evidence decided; other sections as they are. */
export function decided(
  deps: Pick<ServiceDeps, 'policy'>,
  plan: PlanRecord,
  section: Section,
  snapshot: EvidenceSnapshot | undefined,
): Section {
  if (section.key !== 'scorecard' || !snapshot) return section;
  const role = responsibleRole(deps.policy, plan.request.riskClass);
  return { key: 'scorecard', value: applyEvidence(section.value, snapshot, role).value };
}

/** Why the scorecard cannot be approved now (evidence past its max_age), or undefined when it can. */
export function staleEvidenceRefusal(snapshot: EvidenceSnapshot | undefined, now: Date): string | undefined {
  const stale = staleGates(snapshot, now);
  if (stale.length === 0) return undefined;
  const gates = stale.map((g) => `${g.environment} (observed ${formatAge(g.ageMs)} ago)`).join(', ');
  return `The evidence behind ${gates} is older than the policy allows, so the scorecard can't be approved on it. Press Refresh evidence on the plan's root message, then approve.`;
}
