import { z } from 'zod';
import type { ItemApproval } from '../approval/approvals.ts';
import { isDraftItemKey } from '../approval/items.ts';
import { hasPolicy } from '../approval/policy-file.ts';
import { contentHash } from '../plan/hash.ts';
import type { PlanRecord } from '../plan/record.ts';
import { parseSection, type Section, type SectionKey } from '../plan/schema.ts';
import { buildApprovalControls, controlsBudget, placeControls } from '../slack/blocks/approval-controls.ts';
import { blockChars, contextBlocks, LIMITS } from '../slack/blocks/limits.ts';
import { buildSectionMessages, type ItemMessage } from '../slack/blocks/section-message.ts';
import { loadApprovals } from './approvals/load.ts';
import type { ServiceDeps } from './deps.ts';

type Deps = Pick<ServiceDeps, 'store' | 'policy'>;

/**
 * The messages that show a section (and, for the writeback bundle, each draft) in the thread, each
 * item's last part ending in its approval controls. What the guard removed is recorded, so the
 * messages can be rebuilt later (after a decision) with the same notes.
 */
export async function renderSection(
  deps: Deps,
  plan: PlanRecord,
  section: Section,
  notes: readonly string[],
): Promise<ItemMessage[]> {
  const hash = contentHash(section.value);
  await recordGuardNotes(deps, plan, section.key, hash, notes);
  return renderWithControls(deps, plan, section, hash, notes);
}

/** The current messages of one item, rebuilt from the store; empty when the item is gone. */
export async function renderItem(deps: Deps, plan: PlanRecord, itemKey: string): Promise<ItemMessage[]> {
  const key: string = isDraftItemKey(itemKey) ? 'writeback' : itemKey;
  const stored = (await deps.store.listSections(plan.id, plan.version)).find((s) => s.key === key);
  if (!stored) return [];
  const section = parseSection(stored.key, stored.content);
  const notes = await guardNotesOf(deps, plan.id, stored.key, stored.hash);
  const messages = await renderWithControls(deps, plan, section, stored.hash, notes);
  return messages.filter((m) => m.itemKey === itemKey);
}

async function renderWithControls(
  deps: Deps,
  plan: PlanRecord,
  section: Section,
  hash: string,
  notes: readonly string[],
): Promise<ItemMessage[]> {
  const messages = buildSectionMessages(section, {
    planId: plan.id,
    version: plan.version,
    index: 0,
    notes: [...notes],
  });
  const approvals = await loadApprovals(deps, plan, {
    planId: plan.id,
    version: plan.version,
    key: section.key,
    content: section.value,
    hash,
  });
  return withControls(messages, approvals.items, hasPolicy(deps.policy), plan.id);
}

/**
 * Pure: appends each item's approval controls to its last part, where the builder left room for
 * them. An item whose last part could not hold its largest possible controls gets them in a part of
 * their own, decided from that worst case so the layout never changes as decisions come in.
 */
export function withControls(
  messages: readonly ItemMessage[],
  approvals: readonly ItemApproval[],
  policyConfigured: boolean,
  planId: string,
): ItemMessage[] {
  const byItem = Map.groupBy(messages, (m) => m.itemKey);
  return [...byItem].flatMap(([itemKey, parts]) => {
    const approval = approvals.find((a) => a.item.key === itemKey);
    const last = parts.at(-1);
    if (!approval || !last) return parts;
    const view = {
      planId,
      itemKey,
      kind: isDraftItemKey(itemKey) ? ('draft' as const) : ('section' as const),
      version: approval.current.version,
      hash: approval.current.contentHash,
      policyConfigured,
      requiredRoles: approval.requirements.roles,
      note: policyConfigured ? approval.requirements.note : undefined,
      viewDraft: isDraftItemKey(itemKey) && parts.length > 1,
    };
    const controls = buildApprovalControls({ ...view, state: approval.state });
    const budget = controlsBudget(view);
    const fits =
      last.blocks.length + budget.blocks <= LIMITS.blocksPerMessage &&
      blockChars(last.blocks) + budget.chars <= LIMITS.messageBlockChars;
    if (fits) return [...parts.slice(0, -1), { ...last, blocks: placeControls(last.blocks, controls) }];
    const own = {
      itemKey,
      part: last.part + 1,
      text: last.text,
      blocks: [...APPROVAL_PART_INTRO, ...controls],
    };
    return [...parts, own];
  });
}

const APPROVAL_PART_INTRO = contextBlocks(['_Approval of the item above_']);

const GUARD_NOTES = 'section.guarded';
const GuardNotes = z.object({ key: z.string(), hash: z.string(), notes: z.array(z.string()) });

/** What the guard removed from this content, recorded once in the audit log (it belongs there anyway). */
async function recordGuardNotes(
  deps: Deps,
  plan: PlanRecord,
  key: SectionKey,
  hash: string,
  notes: readonly string[],
): Promise<void> {
  if (notes.length === 0) return;
  if (!(await deps.store.claimOnce(`${GUARD_NOTES}:${plan.id}:${key}:${hash}`))) return;
  await deps.store.appendAudit({
    planId: plan.id,
    kind: GUARD_NOTES,
    actor: null,
    data: { key, hash, version: plan.version, notes },
  });
}

async function guardNotesOf(deps: Deps, planId: string, key: SectionKey, hash: string): Promise<string[]> {
  const entries = await deps.store.listAudit({ planId });
  for (const entry of entries.toReversed()) {
    if (entry.kind !== GUARD_NOTES) continue;
    const parsed = GuardNotes.safeParse(entry.data);
    if (parsed.success && parsed.data.key === key && parsed.data.hash === hash) return parsed.data.notes;
  }
  return [];
}
