import type { ActionsBlock, Button, KnownBlock, ModalView } from '@slack/types';
import {
  APPROVE_ALL_ACTION_PATTERN,
  approveAllActionId,
  REVIEW_BLOCK,
  REVIEW_CALLBACK,
  ROOT_BLOCK,
} from '../ids.ts';
import { encodeJson } from '../metadata.ts';
import type { ApproveAllMetadata } from '../review-values.ts';
import { escShort, fallback, userMention } from './kit.ts';
import { type BlockMessage, contextBlocks, LIMITS, sectionBlocks } from './limits.ts';
import { mrkdwnText, plainText, truncate } from './mrkdwn.ts';

/** Actions blocks hold at most this many elements. */
const MAX_BUTTONS = 25;

/**
 * The root's "Approve all as ROLE" buttons, one per role with items still waiting for it. Each
 * opens a confirmation modal; who may use it is checked when clicked.
 */
export function buildApproveAllActions(planId: string, roles: readonly string[]): KnownBlock[] {
  if (roles.length === 0) return [];
  const elements: Button[] = roles.slice(0, MAX_BUTTONS).map((role, i) => ({
    type: 'button',
    action_id: approveAllActionId(i),
    text: plainText(`Approve all as ${role}`, LIMITS.buttonText),
    value: encodeJson({ planId, role }),
  }));
  const block: ActionsBlock = { type: 'actions', block_id: ROOT_BLOCK.approveAll, elements };
  return [block];
}

/** True for an action id of an Approve all button (tests and listeners). */
export function isApproveAllAction(actionId: string): boolean {
  return APPROVE_ALL_ACTION_PATTERN.test(actionId);
}

export interface ApproveAllModalInput {
  planTitle: string;
  /** Each item as it stands when the modal opens: title and the version since this content. */
  items: readonly { title: string; version: number }[];
  metadata: ApproveAllMetadata;
}

/** How many of the metadata's items fit in private_metadata (at least one). */
function itemsThatFit(metadata: ApproveAllMetadata): number {
  let kept = metadata.items.length;
  while (
    kept > 1 &&
    JSON.stringify({ ...metadata, items: metadata.items.slice(0, kept) }).length > LIMITS.privateMetadata
  ) {
    kept -= 1;
  }
  return kept;
}

/**
 * The confirmation: every item the submission will approve, with its title and version. Items
 * beyond what the modal can carry are left for a next Approve all, and it says so.
 */
export function buildApproveAllModal(input: ApproveAllModalInput): ModalView {
  const role = escShort(input.metadata.role);
  const kept = Math.min(itemsThatFit(input.metadata), input.items.length);
  const metadata = { ...input.metadata, items: input.metadata.items.slice(0, kept) };
  const shown = input.items.slice(0, kept);
  const more = input.items.length - kept;
  const lines = shown.map((i) => `• *${escShort(truncate(i.title, 120))}* — version ${i.version}`);
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK.approveAll,
    title: plainText('Approve all', LIMITS.modalTitle),
    submit: plainText('Approve all', LIMITS.modalSubmit),
    close: plainText('Cancel', LIMITS.modalClose),
    private_metadata: JSON.stringify(metadata),
    blocks: [
      {
        type: 'section',
        text: mrkdwnText(
          `Approve these ${shown.length} items of *${escShort(input.planTitle)}* as *${role}*?`,
          LIMITS.sectionText,
        ),
      },
      ...sectionBlocks(lines.join('\n'), REVIEW_BLOCK.approveAllItems),
      ...contextBlocks([
        ...(more > 0 ? [`${more} more item(s) wait for this role: use Approve all again afterwards.`] : []),
        'Each approval is bound to the content shown here: an item that changes before you submit is left undecided, and you are told which.',
      ]),
    ],
  };
}

export interface ApproveAllResultView {
  role: string;
  approved: readonly string[];
  /** Items not decided, each with why. */
  skipped: readonly { title: string; why: string }[];
  userId: string;
}

/** The private answer after an Approve all submission: what was approved, and what was not and why. */
export function buildApproveAllResult(view: ApproveAllResultView): BlockMessage {
  const role = escShort(view.role);
  const approved =
    view.approved.length > 0
      ? `✅ ${userMention(view.userId)}, you approved ${view.approved.length} item(s) as *${role}*: ${view.approved.map((t) => escShort(truncate(t, 80))).join(', ')}.`
      : `Nothing was approved as *${role}*.`;
  const skipped = view.skipped.map((s) => `• *${escShort(truncate(s.title, 80))}* — ${escShort(s.why)}`);
  const text = [approved, ...(skipped.length > 0 ? ['*Left undecided:*', ...skipped] : [])].join('\n');
  return {
    text: fallback(
      `Approve all as ${role}: ${view.approved.length} approved, ${view.skipped.length} left undecided.`,
    ),
    blocks: sectionBlocks(text, REVIEW_BLOCK.notice),
  };
}
