import { changedLines, type ItemChanges, itemChanges, titleIn } from '../../approval/item-changes.ts';
import { type PlanItem, planItems } from '../../approval/items.ts';
import type { Feedback } from '../../plan/feedback.ts';
import type { GuardedSection } from '../../plan/guard-section.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import { SECTION_TITLES, type SectionKey } from '../../plan/schema.ts';
import { buildRevisionMessage } from '../../slack/blocks/revision-message.ts';
import { itemHistory } from '../approvals/load.ts';
import { trackTimeouts } from '../approvals/timeout-clocks.ts';
import type { ServiceDeps } from '../deps.ts';
import { storeSection } from '../planning/accept-section.ts';
import { postInThread, removeExtraParts } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { showSection } from '../thread/section-messages.ts';
import { answerAll } from './outcomes.ts';

/** Version N+1: every section's record, the accepted sections that changed, and the model's summary. */
export interface NextVersion {
  records: SectionRecord[];
  changed: GuardedSection[];
  summary: string;
}

/**
 * Makes the next version current: stored first (once the version is set, clicks on old content are
 * stale), audited, then shown — the changed items updated in place, removed ones deleted, a
 * "Revision N" summary posted — and the root refreshed.
 */
export async function applyRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  current: readonly SectionRecord[],
  next: NextVersion,
): Promise<void> {
  const revised: PlanRecord = { ...plan, version: plan.version + 1, status: 'ready', failure: null };
  const beforeItems = planItems(current);
  const afterItems = planItems(next.records);
  const history = await itemHistory(deps.store, plan.id, plan.version);
  const changes = itemChanges(beforeItems, afterItems, history, await deps.store.listDecisions(plan.id));

  for (const record of next.records) {
    const accepted = next.changed.find((c) => c.section.key === record.key);
    await storeSection(deps, record, accepted?.notes ?? []);
  }
  await deps.store.setVersion(plan.id, revised.version);
  await auditNewVersion(deps, revised, {
    actor: feedback.userId,
    feedbackId: feedback.id,
    changedSections: next.changed.map((c) => c.section.key),
    records: next.records,
    changes,
  });
  await answerAll(deps, feedback, 'revised');

  const shown = new Set([...changes.changed, ...changes.added]);
  for (const accepted of next.changed)
    await showSection(deps, revised, accepted, { only: shown, trim: true });
  for (const key of changes.removed) await removeExtraParts(deps, revised, key, 0);
  await postInThread(
    deps,
    revised,
    revisionMessage(revised, feedback, next, beforeItems, afterItems, changes),
  );
  await refreshRoot(deps, revised);
  // Items whose content changed wait afresh: their clocks restart, their reminders with them.
  await trackTimeouts(deps, revised.id);
  deps.homes?.changed();
}

function revisionMessage(
  revised: PlanRecord,
  feedback: Feedback,
  next: NextVersion,
  beforeItems: readonly PlanItem[],
  afterItems: readonly PlanItem[],
  changes: ItemChanges,
) {
  return buildRevisionMessage({
    revision: revised.version - 1,
    version: revised.version,
    feedbackBy: feedback.userId,
    summary: next.summary,
    sections: next.changed.map((c) => SECTION_TITLES[c.section.key]),
    changes: changedLines(beforeItems, afterItems, changes.changed),
    added: changes.added.map((key) => titleIn(afterItems, key)),
    removed: changes.removed.map((key) => titleIn(beforeItems, key)),
    resets: changes.changed.map((key) => ({
      title: titleIn(afterItems, key),
      decisions: changes.dismissed.get(key) ?? [],
    })),
    feedbackTruncated: feedback.originalChars > feedback.text.length,
  });
}

export interface VersionAudit {
  actor: string;
  /** What produced the version: a feedback id, or a tag such as `evidence:<hash>`. */
  feedbackId: string;
  changedSections: readonly SectionKey[];
  records: readonly SectionRecord[];
  changes: ItemChanges;
}

/** The new version in the audit log, then one `approval.reset` per item whose approvals it dismissed. */
export async function auditNewVersion(
  deps: Pick<ServiceDeps, 'store'>,
  revised: PlanRecord,
  audit: VersionAudit,
): Promise<void> {
  const { changes, feedbackId } = audit;
  await deps.store.appendAudit({
    kind: 'plan.version',
    planId: revised.id,
    actor: audit.actor,
    data: {
      version: revised.version,
      revision: { feedbackId, changed: [...audit.changedSections] },
      sections: audit.records.map((s) => ({ key: s.key, hash: s.hash })),
    },
  });
  for (const itemKey of changes.changed) {
    await deps.store.appendAudit({
      kind: 'approval.reset',
      planId: revised.id,
      actor: null,
      data: {
        itemKey,
        version: revised.version,
        fromHash: changes.before[itemKey],
        toHash: changes.after[itemKey],
        feedbackId,
        dismissed: (changes.dismissed.get(itemKey) ?? []).map((d) => ({
          userId: d.userId,
          role: d.role,
          decision: d.decision,
          version: d.version,
        })),
      },
    });
  }
}
