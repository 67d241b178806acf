import { sectionOfItem } from '../../approval/items.ts';
import { hasPolicy } from '../../approval/roles.ts';
import type { GuardedSection } from '../../plan/guard-section.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import { parseSection, type Section } from '../../plan/schema.ts';
import { withControls } from '../../slack/blocks/controls-layout.ts';
import { buildSectionMessages, type ItemMessage } from '../../slack/blocks/section-message.ts';
import { loadApprovals } from '../approvals/load.ts';
import type { ServiceDeps } from '../deps.ts';
import { latestEvidence } from '../planning/evidence.ts';
import { plansFreezeNotice } from './freeze-notice.ts';
import { publishItems, removeExtraParts } from './publish.ts';
import { latestReview } from './review-record.ts';

type Deps = Pick<ServiceDeps, 'store' | 'policy' | 'client' | 'clock'>;

export interface ShowOptions {
  /** Only these items (a revision shows the items whose content changed). */
  only?: ReadonlySet<string>;
  /** Removes the parts an item no longer has, once its content got shorter. */
  trim?: boolean;
}

/**
 * Shows a guarded section in the plan's thread at the plan's version: the section and, for the
 * writeback bundle, each draft, every item's last part ending in its approval controls.
 */
export async function showSection(
  deps: Deps,
  plan: PlanRecord,
  guarded: Pick<GuardedSection, 'section' | 'notes' | 'hash'>,
  options: ShowOptions = {},
): Promise<void> {
  const all = await renderSection(deps, plan, guarded.section, guarded.hash, guarded.notes);
  const { only } = options;
  const messages = only ? all.filter((m) => only.has(m.itemKey)) : all;
  await publishItems(deps, plan, messages);
  if (!options.trim) return;
  for (const itemKey of new Set(messages.map((m) => m.itemKey))) {
    await removeExtraParts(deps, plan, itemKey, messages.filter((m) => m.itemKey === itemKey).length);
  }
}

/**
 * Posts the parts of a stored section that are not on Slack: a section is stored before it is
 * posted, so a run that died (SIGKILL, a lost replica) or failed in between left it unposted. Parts
 * already posted are left as they are.
 */
export async function showMissingParts(deps: Deps, plan: PlanRecord, stored: SectionRecord): Promise<number> {
  const posted = new Set((await deps.store.listMessages(plan.id)).map((m) => `${m.itemKey}#${m.part}`));
  const section = parseSection(stored.key, stored.content);
  const notes = await deps.store.getGuardNotes(plan.id, stored.key, stored.hash);
  const all = await renderSection(deps, plan, section, stored.hash, notes);
  const missing = all.filter((m) => !posted.has(`${m.itemKey}#${m.part}`));
  if (missing.length > 0) await publishItems(deps, plan, missing);
  return missing.length;
}

/** The current messages of one item, rebuilt from the store; empty when the item is gone. */
export async function renderItem(
  deps: Pick<ServiceDeps, 'store' | 'policy' | 'clock'>,
  plan: PlanRecord,
  itemKey: string,
): Promise<ItemMessage[]> {
  const key = sectionOfItem(itemKey);
  const stored = (await deps.store.listSections(plan.id, plan.version)).find((s) => s.key === key);
  if (!stored) return [];
  const section = parseSection(stored.key, stored.content);
  const notes = await deps.store.getGuardNotes(plan.id, stored.key, stored.hash);
  const messages = await renderSection(deps, plan, section, stored.hash, notes);
  return messages.filter((m) => m.itemKey === itemKey);
}

async function renderSection(
  deps: Pick<ServiceDeps, 'store' | 'policy' | 'clock'>,
  plan: PlanRecord,
  section: Section,
  hash: string,
  notes: readonly string[],
): Promise<ItemMessage[]> {
  const approvals = await loadApprovals(deps, plan, {
    planId: plan.id,
    version: plan.version,
    key: section.key,
    content: section.value,
    hash,
  });
  const freezeNotice = approvals.freezes.length > 0 ? plansFreezeNotice(plan, approvals) : undefined;
  const review = section.key === 'gating' ? await latestReview(deps, plan.id, hash) : undefined;
  const snapshot = section.key === 'scorecard' ? await latestEvidence(deps, plan.id) : undefined;
  const evidence = snapshot && { snapshot, now: deps.clock.now() };
  const context = { planId: plan.id, version: plan.version, index: 0, notes, freezeNotice, review, evidence };
  const messages = buildSectionMessages(section, context);
  return withControls(messages, approvals.items, hasPolicy(deps.policy), plan.id, plan.expiredAt);
}
