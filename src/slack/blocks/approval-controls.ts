import type { ActionsBlock, Button, ConfirmationDialog, KnownBlock } from '@slack/types';
import type { ItemState } from '../../approval/state.ts';
import { approveActionId, REVIEW_ACTION, REVIEW_BLOCK, SECTION_BLOCK } from '../ids.ts';
import { type ItemButtonValue, ViewDraftValue } from '../review-values.ts';
import { esc, escShort, userMention } from './kit.ts';
import { blockChars, contextBlocks, LIMITS } from './limits.ts';
import { mrkdwnText, plainText, truncate } from './mrkdwn.ts';
import { slackDate } from './slack-date.ts';

/** What an item's approval controls show: appended to the item's last message part. */
export interface ApprovalControlsView {
  planId: string;
  itemKey: string;
  kind: 'section' | 'draft';
  /** The item's content-since version and content hash, carried by every button. */
  version: number;
  hash: string;
  policyConfigured: boolean;
  requiredRoles: readonly string[];
  state: ItemState;
  /** Plain text from itemRequirements (fallback or extra role); escaped here. */
  note?: string | undefined;
  /** Required roles that are there as a freeze's exception role: marked as such. */
  freezeExceptionRoles?: readonly string[];
  /** A draft split across several messages: offer its full text in one modal for copying. */
  viewDraft: boolean;
  /** When the plan's approval timed out: no more decisions, so no decision buttons. */
  expiredAt?: string | undefined;
}

const REASON_SHOWN = 500;
const CONFIRM_TEXT = 300;

function roleLines(view: ApprovalControlsView): string[] {
  return view.requiredRoles.map((role) => {
    const by = view.state.approvedBy.find((a) => a.role === role);
    const name = `*${escShort(role)}*${view.freezeExceptionRoles?.includes(role) ? ' (freeze exception)' : ''}`;
    return by ? `✅ ${name} — ${userMention(by.userId)} · ${slackDate(by.at)}` : `⏳ ${name} — waiting`;
  });
}

function headline(view: ApprovalControlsView): string {
  const { state, requiredRoles } = view;
  if (view.expiredAt !== undefined && state.status !== 'approved') {
    return `⌛ *Expired* · ${slackDate(view.expiredAt)} — this plan takes no more decisions`;
  }
  if (state.changesRequestedBy) {
    const { userId, at, reason } = state.changesRequestedBy;
    const quoted = reason ? `\n>${esc(truncate(reason.replace(/\s+/g, ' ').trim(), REASON_SHOWN))}` : '';
    return `🔴 *Changes requested* by ${userMention(userId)} · ${slackDate(at)} — on hold until it is revised${quoted}`;
  }
  if (state.status === 'approved') return '🟢 *Approved* — every required role is in';
  const done = requiredRoles.length - state.openRoles.length;
  return `⏳ *Awaiting approval* — ${done} of ${requiredRoles.length} ${requiredRoles.length === 1 ? 'role' : 'roles'}`;
}

function statusText(view: ApprovalControlsView): string {
  if (!view.policyConfigured) {
    return '🔒 *No approval policy is configured*, so no one can approve this yet. An admin sets `POLICY_FILE` (see policy.example.yml).';
  }
  return [headline(view), ...roleLines(view)].join('\n');
}

function buttonValue(view: ApprovalControlsView, role?: string): string {
  const value: ItemButtonValue = {
    planId: view.planId,
    itemKey: view.itemKey,
    version: view.version,
    hash: view.hash,
    ...(role === undefined ? {} : { role }),
  };
  return JSON.stringify(value);
}

function confirmApprove(view: ApprovalControlsView, role: string): ConfirmationDialog {
  const what = view.kind === 'draft' ? 'this draft' : 'this section';
  return {
    title: plainText('Approve?', 100),
    text: plainText(
      `Approve ${what} as it reads now, as “${role}”? Your name and the time are recorded.`,
      CONFIRM_TEXT,
    ),
    confirm: plainText('Approve', 30),
    deny: plainText('Cancel', 30),
    style: 'primary',
  };
}

function approveButtons(view: ApprovalControlsView): Button[] {
  const several = view.requiredRoles.length > 1;
  return view.state.openRoles.map((role, i) => ({
    type: 'button',
    action_id: approveActionId(i),
    text: plainText(several ? `Approve as ${role}` : 'Approve', LIMITS.buttonText),
    style: 'primary',
    value: buttonValue(view, role),
    confirm: confirmApprove(view, role),
  }));
}

function decisionButtons(view: ApprovalControlsView): Button[] {
  const { status } = view.state;
  if (!view.policyConfigured || status === 'approved' || view.expiredAt !== undefined) return [];
  const approve = status === 'changes_requested' ? [] : approveButtons(view);
  const requestChanges: Button = {
    type: 'button',
    action_id: REVIEW_ACTION.requestChanges,
    text: plainText('Request changes', LIMITS.buttonText),
    value: buttonValue(view),
  };
  return [...approve, requestChanges];
}

function viewDraftButton(view: ApprovalControlsView): Button[] {
  if (!view.viewDraft) return [];
  const value = ViewDraftValue.parse({ planId: view.planId, itemKey: view.itemKey });
  return [
    {
      type: 'button',
      action_id: REVIEW_ACTION.viewDraft,
      text: plainText('View draft', LIMITS.buttonText),
      value: JSON.stringify(value),
    },
  ];
}

/**
 * The approval controls of one item (at most 3 blocks): who must approve and who did, with role
 * and time; an Approve button per role still open (with a confirm dialog) and Request changes.
 * A satisfied role loses its button; a fully approved item loses them all. Without a policy there
 * are no buttons: no one could use them, and the thread says why.
 */
export function buildApprovalControls(view: ApprovalControlsView): KnownBlock[] {
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: REVIEW_BLOCK.status,
      text: mrkdwnText(statusText(view), LIMITS.sectionText),
    },
  ];
  if (view.note) {
    const [note] = contextBlocks([`⚠️ ${esc(view.note)}`], 1000);
    if (note) blocks.push({ ...note, block_id: REVIEW_BLOCK.note });
  }
  const elements = [...decisionButtons(view), ...viewDraftButton(view)];
  if (elements.length > 0) {
    const actions: ActionsBlock = { type: 'actions', block_id: REVIEW_BLOCK.actions, elements };
    blocks.push(actions);
  }
  return blocks;
}

const SAMPLE_AT = '2026-01-01T00:00:00.000Z';
const SAMPLE_USER = 'U00000000000';
/** Room for what the estimate cannot see (a longer version number, a longer user id). */
const ESTIMATE_MARGIN = { chars: 200, blocks: 0 };

/**
 * The most room an item's controls can ever take, whatever is decided: every role still open (the
 * most buttons), or changes requested with the longest reason shown. Depends only on the item and
 * what it requires, so an item's messages keep the same layout as decisions come in.
 */
export function controlsBudget(view: Omit<ApprovalControlsView, 'state'>): { chars: number; blocks: number } {
  const roles = [...view.requiredRoles];
  const states: ItemState[] = [
    { status: 'pending', approvedBy: [], openRoles: roles },
    {
      status: 'changes_requested',
      approvedBy: roles.slice(0, -1).map((role) => ({ role, userId: SAMPLE_USER, at: SAMPLE_AT })),
      openRoles: roles.slice(-1),
      changesRequestedBy: { userId: SAMPLE_USER, reason: 'x'.repeat(REASON_SHOWN), at: SAMPLE_AT },
    },
    {
      status: 'approved',
      approvedBy: roles.map((role) => ({ role, userId: SAMPLE_USER, at: SAMPLE_AT })),
      openRoles: [],
    },
  ];
  const sizes = states.map((state) => buildApprovalControls({ ...view, state }));
  return {
    chars: Math.max(...sizes.map(blockChars)) + ESTIMATE_MARGIN.chars,
    blocks: Math.max(...sizes.map((b) => b.length)) + ESTIMATE_MARGIN.blocks,
  };
}

/** The item's footer (version, DRAFT notice) stays its last line, under the controls. */
export function placeControls(blocks: readonly KnownBlock[], controls: readonly KnownBlock[]): KnownBlock[] {
  const last = blocks.at(-1);
  if (last?.block_id !== SECTION_BLOCK.footer) return [...blocks, ...controls];
  return [...blocks.slice(0, -1), ...controls, last];
}
