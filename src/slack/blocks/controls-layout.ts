import type { ItemApproval } from '../../approval/approvals.ts';
import { isDraftItemKey } from '../../approval/items.ts';
import { buildApprovalControls, controlsBudget, placeControls } from './approval-controls.ts';
import { blockChars, contextBlocks, LIMITS } from './limits.ts';
import type { ItemMessage } from './section-message.ts';

/**
 * Appends each item's approval controls to its last part, where the builder left room for
 * them. An item whose last part could not hold its largest possible controls gets them in a part of
 * their own, decided from that worst case so the layout never changes as decisions come in.
 */
export function withControls(
  messages: readonly ItemMessage[],
  approvals: readonly ItemApproval[],
  policyConfigured: boolean,
  planId: string,
  /** The plan's approval timed out: the controls say so and offer no decisions. */
  expiredAt?: string | null,
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
      freezeExceptionRoles: approval.requirements.freezeExceptionRoles ?? [],
      viewDraft: isDraftItemKey(itemKey) && parts.length > 1,
      ...(expiredAt ? { expiredAt } : {}),
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
