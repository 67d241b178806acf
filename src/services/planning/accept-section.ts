import { responsibleRole } from '../../approval/requirements.ts';
import { allowedLinkHosts } from '../../approval/roles.ts';
import { isMostlyUnsafe } from '../../guard/section.ts';
import { type GuardedSection, guardSection } from '../../plan/guard-section.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import type { Section } from '../../plan/schema.ts';
import type { ServiceDeps } from '../deps.ts';

type Deps = Pick<ServiceDeps, 'store' | 'policy'>;

/**
 * The one way a model-written section enters a plan, for drafting and revisions alike:
 * accept (guard: roles filled, drafts kept drafts, secrets and commands removed; hash), then
 * store at its version with what the guard removed, then show (thread/section-messages).
 *
 * `regenerate` is asked once for a section the guard found made of commands throughout.
 */
export async function acceptSection(
  deps: Pick<ServiceDeps, 'policy'>,
  plan: PlanRecord,
  raw: Section,
  regenerate?: (first: GuardedSection) => Promise<GuardedSection>,
): Promise<GuardedSection> {
  const { policy } = deps;
  const guarded = await guardSection(
    raw,
    responsibleRole(policy, plan.request.riskClass),
    allowedLinkHosts(policy),
  );
  return regenerate && isMostlyUnsafe(guarded.findings, raw.value) ? regenerate(guarded) : guarded;
}

/** The stored form of an accepted section at a plan version. */
export function sectionRecord(plan: PlanRecord, version: number, accepted: GuardedSection): SectionRecord {
  const { section, hash } = accepted;
  return { planId: plan.id, version, key: section.key, content: section.value, hash };
}

/** Stores a section at its version; what the guard removed is kept for rebuilding its messages, and audited once. */
export async function storeSection(
  deps: Deps,
  record: SectionRecord,
  notes: readonly string[],
): Promise<void> {
  await deps.store.saveSection(record);
  if (notes.length === 0) return;
  const { planId, key, hash, version } = record;
  if (!(await deps.store.saveGuardNotes({ planId, key, hash, notes }))) return;
  await deps.store.appendAudit({
    kind: 'section.guarded',
    planId,
    actor: null,
    data: { key, hash, version, notes: [...notes] },
  });
}
