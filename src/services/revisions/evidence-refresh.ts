import { itemChanges, titleIn } from '../../approval/item-changes.ts';
import { planItems } from '../../approval/items.ts';
import { EXPIRED_MESSAGE } from '../../approval/timeouts.ts';
import type { EvidenceSnapshot } from '../../evidence/types.ts';
import { canonicalJson } from '../../lib/canonical-json.ts';
import type { GuardedSection } from '../../plan/guard-section.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import { parseSection, ScorecardSection } from '../../plan/schema.ts';
import { buildEvidenceRefreshMessage } from '../../slack/blocks/evidence-blocks.ts';
import { itemHistory } from '../approvals/load.ts';
import { trackTimeouts } from '../approvals/timeout-clocks.ts';
import type { ServiceDeps } from '../deps.ts';
import { acceptSection, sectionRecord, storeSection } from '../planning/accept-section.ts';
import { collectEvidence, decided } from '../planning/evidence.ts';
import { withPlanLock } from '../planning/plan-lock.ts';
import { notifyUser, recipientIn } from '../thread/notices.ts';
import { postInThread } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { showSection } from '../thread/section-messages.ts';
import { auditNewVersion } from './apply.ts';

export interface RefreshInput {
  planId: string;
  userId: string;
}

/**
 * Refresh evidence (the root's button): the policy's gates are checked again, asking the systems
 * (no cache). Statuses unchanged: the scorecard and root show the fresh evidence in place and every
 * approval stands. A status changed: the scorecard becomes a new plan version, and its approvals
 * are reset as for any changed item. Under the plan's lock, like a revision.
 */
export async function refreshEvidence(deps: ServiceDeps, input: RefreshInput): Promise<void> {
  const found = await deps.store.getPlan(input.planId);
  if (!found?.rootTs) return;
  const ran = await withPlanLock(deps, found.id, async () => {
    const plan = (await deps.store.getPlan(found.id)) ?? found;
    if (plan.expiredAt) {
      await notifyUser(deps, recipientIn(plan, input.userId), EXPIRED_MESSAGE);
      return;
    }
    if (plan.status !== 'ready') {
      await notifyUser(
        deps,
        recipientIn(plan, input.userId),
        'The plan is still being drafted: refresh its evidence once it is ready.',
      );
      return;
    }
    const snapshot = await collectEvidence(deps, plan, {
      fresh: true,
      actor: input.userId,
      trigger: 'refresh',
    });
    if (!snapshot) {
      await notifyUser(
        deps,
        recipientIn(plan, input.userId),
        'The policy defines no evidence-backed gates (or no connector is configured): nothing to refresh.',
      );
      return;
    }
    await applySnapshot(deps, plan, snapshot, input.userId);
  });
  if (!ran) {
    await notifyUser(
      deps,
      recipientIn(found, input.userId),
      'The plan is being revised right now: press Refresh evidence again in a moment.',
    );
  }
}

async function applySnapshot(
  deps: ServiceDeps,
  plan: PlanRecord,
  snapshot: EvidenceSnapshot,
  userId: string,
): Promise<void> {
  const sections = await deps.store.listSections(plan.id, plan.version);
  const stored = sections.find((s) => s.key === 'scorecard');
  if (!stored) return;
  const current = parseSection('scorecard', stored.content);
  const next = decided(deps, plan, current, snapshot);
  if (canonicalJson(next.value) === canonicalJson(current.value)) {
    const notes = await deps.store.getGuardNotes(plan.id, 'scorecard', stored.hash);
    await showSection(
      deps,
      plan,
      { section: current, notes, hash: stored.hash },
      { only: new Set(['scorecard']) },
    );
    await refreshRoot(deps, plan);
    return;
  }
  const accepted = await acceptSection(deps, plan, next);
  await newVersion(deps, plan, sections, accepted, { snapshot, userId, before: current.value });
}

interface Cause {
  snapshot: EvidenceSnapshot;
  userId: string;
  before: unknown;
}

/** The next version: the decided scorecard, every other section as it was; then shown, audited, announced. */
async function newVersion(
  deps: ServiceDeps,
  plan: PlanRecord,
  sections: readonly SectionRecord[],
  accepted: GuardedSection,
  cause: Cause,
): Promise<void> {
  const revised: PlanRecord = { ...plan, version: plan.version + 1 };
  const records = sections.map((s) =>
    s.key === 'scorecard'
      ? sectionRecord(plan, revised.version, accepted)
      : { ...s, version: revised.version },
  );
  const history = await itemHistory(deps.store, plan.id, plan.version);
  const changes = itemChanges(
    planItems(sections),
    planItems(records),
    history,
    await deps.store.listDecisions(plan.id),
  );
  for (const record of records)
    await storeSection(deps, record, record.key === 'scorecard' ? accepted.notes : []);
  await deps.store.setVersion(plan.id, revised.version);
  const tag = `evidence:${cause.snapshot.hash.slice(0, 16)}`;
  await auditNewVersion(deps, revised, {
    actor: cause.userId,
    feedbackId: tag,
    changedSections: ['scorecard'],
    records,
    changes,
  });
  await showSection(deps, revised, accepted, { only: new Set(['scorecard']), trim: true });
  await postInThread(
    deps,
    revised,
    buildEvidenceRefreshMessage({
      userId: cause.userId,
      version: revised.version,
      changed: gateChanges(cause.before, accepted.section.value),
      resets: changes.changed.map((key) => ({
        title: titleIn(planItems(records), key),
        dismissed: changes.dismissed.get(key)?.length ?? 0,
      })),
    }),
  );
  await refreshRoot(deps, revised);
  // The scorecard waits afresh for its approvers: its clock restarts like any changed item's.
  await trackTimeouts(deps, revised.id);
  deps.homes?.changed();
}

function gateChanges(before: unknown, after: unknown): { environment: string; from: string; to: string }[] {
  const a = ScorecardSection.safeParse(before);
  const b = ScorecardSection.safeParse(after);
  if (!a.success || !b.success) return [];
  return b.data.gates.flatMap((gate) => {
    const was = a.data.gates.find((g) => g.environment === gate.environment)?.status ?? 'not listed';
    return was === gate.status ? [] : [{ environment: gate.environment, from: was, to: gate.status }];
  });
}
