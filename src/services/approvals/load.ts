import { approvalsOf, type PlanApprovals } from '../../approval/approvals.ts';
import { targetOf } from '../../approval/freezes.ts';
import { hashesOf, planItems, type VersionHashes } from '../../approval/items.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import { SECTION_KEYS } from '../../plan/schema.ts';
import type { Store } from '../../store/port.ts';
import type { ServiceDeps } from '../deps.ts';

/** The plan's approvals at its current version, from the store. */
export async function loadApprovals(
  deps: Pick<ServiceDeps, 'store' | 'policy'>,
  plan: PlanRecord,
  /** Content not yet in the store (a section being posted) replaces the stored one. */
  pending?: SectionRecord,
): Promise<PlanApprovals> {
  const stored = await deps.store.listSections(plan.id, plan.version);
  const sections = pending ? [...stored.filter((s) => s.key !== pending.key), pending] : stored;
  sections.sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
  return approvalsOf({
    policy: deps.policy,
    riskClass: plan.request.riskClass,
    target: targetOf(plan.request),
    version: plan.version,
    items: planItems(sections),
    history: await itemHistory(deps.store, plan.id, plan.version - 1),
    decisions: await deps.store.listDecisions(plan.id),
    complete: plan.status === 'ready' && sections.length === SECTION_KEYS.length,
  });
}

/** Every version's item hashes up to `upToVersion`, oldest first: what contentSinceVersions needs. */
export async function itemHistory(
  store: Pick<Store, 'listSections'>,
  planId: string,
  upToVersion: number,
): Promise<VersionHashes[]> {
  const history: VersionHashes[] = [];
  for (let version = 1; version <= upToVersion; version++) {
    const sections = await store.listSections(planId, version);
    if (sections.length > 0) history.push({ version, hashes: hashesOf(planItems(sections)) });
  }
  return history;
}
