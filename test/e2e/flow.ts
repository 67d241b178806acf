import type { ModalView } from '@slack/types';
import type { PlanRecord } from '../../src/plan/record.ts';
import { APPROVE_ACTION_PATTERN, CALLBACK } from '../../src/slack/ids.ts';
import { type Answers, fillModal } from '../fakes/modal-fill.ts';
import { blockActionsPayload, viewSubmissionPayload } from '../fakes/slack-client.ts';
import type { Harness } from './harness.ts';

export const CHANNEL = 'C0PLANS';
export const REQUESTER = 'U0REQ';

export const ANSWERS: Answers = {
  title: 'Payments API v2 rollout',
  initiative_context: 'Move checkout to the v2 payments API before the holiday freeze.',
  change_scope: 'staging, canary, production; payments-api and checkout-web; payments and SRE teams',
  evidence_channels: 'Jira, CI, Confluence, Slack #payments-release',
  risk_tolerance: 'Medium risk allowed; rollback within 15 minutes',
  approval_matrix: 'low: SME; medium: SRE lead; high: SRE lead and CTO',
  rollback_plan: 'Flip the payments_v2 flag off; SRE on call owns it.',
  risk_class: 'medium',
};

/** Types /release-plan, waits for the modal the bot opens, and returns it. */
export async function openModal(
  h: Harness,
  text = '',
  channelId = CHANNEL,
): Promise<{ viewId: string; view: ModalView }> {
  const opened = h.slack.callsTo('views.open').length;
  const res = await h.client.command({ text, userId: REQUESTER, channelId });
  if (res.status !== 200) throw new Error(`command answered ${res.status}: ${res.text}`);
  await h.slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'views.open');
  const view = h.slack.lastView();
  if (!view) throw new Error('no view was opened');
  return { viewId: view.id, view: view.view as unknown as ModalView };
}

/** Fills and submits the request modal like a person would; returns Slack's HTTP answer. */
export async function submitModal(
  h: Harness,
  opened: { viewId: string; view: ModalView },
  answers: Answers = {},
) {
  return h.client.viewSubmission(
    viewSubmissionPayload({
      userId: REQUESTER,
      viewId: opened.viewId,
      callbackId: CALLBACK.planRequest,
      privateMetadata: opened.view.private_metadata ?? '',
      values: fillModal(opened.view, { ...ANSWERS, ...answers }),
    }),
  );
}

/** The whole journey up to a finished (or failed) plan. */
export async function requestPlan(h: Harness, answers: Answers = {}) {
  const opened = await openModal(h);
  const res = await submitModal(h, opened, answers);
  await h.idle();
  return { opened, res };
}

export function root(h: Harness) {
  const roots = h.slack.rootMessages(CHANNEL);
  const last = roots.at(-1);
  if (!last) throw new Error('no root message was posted');
  return last;
}

export function thread(h: Harness) {
  return h.slack.thread(CHANNEL, root(h).ts);
}

export function textOf(message: { text: string; blocks: unknown[] }): string {
  return `${message.text}\n${JSON.stringify(message.blocks)}`;
}

export interface FoundButton {
  blockId: string;
  actionId: string;
  value: string;
  confirm?: unknown;
}

/** The buttons of a message, as a person sees them. */
export function buttonsOf(message: { blocks: unknown[] }): FoundButton[] {
  const found: FoundButton[] = [];
  for (const block of message.blocks as {
    type: string;
    block_id?: string;
    elements?: unknown[];
    accessory?: unknown;
  }[]) {
    const elements = [...(block.elements ?? []), ...(block.accessory ? [block.accessory] : [])] as {
      type: string;
      action_id?: string;
      value?: string;
      confirm?: unknown;
    }[];
    for (const el of elements) {
      if (el.type !== 'button' || !el.action_id) continue;
      found.push({
        blockId: block.block_id ?? '',
        actionId: el.action_id,
        value: el.value ?? '',
        confirm: el.confirm,
      });
    }
  }
  return found;
}

/** The plan of the channel's last root message. */
export async function planOf(h: Harness): Promise<PlanRecord> {
  const plan = await h.store.findPlanByRootTs(CHANNEL, root(h).ts);
  if (!plan) throw new Error('no plan for the root message');
  return plan;
}

/** The last message part of an item, as it is now: where its approval controls are. */
export async function itemMessage(h: Harness, itemKey: string) {
  const plan = await planOf(h);
  const parts = (await h.store.listMessages(plan.id)).filter((m) => m.itemKey === itemKey);
  const last = parts.at(-1);
  const message = last && h.slack.message(CHANNEL, last.ts);
  if (!message) throw new Error(`no message for ${itemKey}`);
  // A snapshot: the fake updates its messages in place, and tests compare before with after.
  return structuredClone(message);
}

/** The Approve buttons of a message (one per role still open). */
export function approveButtons(message: { blocks: unknown[] }): FoundButton[] {
  return buttonsOf(message).filter((b) => APPROVE_ACTION_PATTERN.test(b.actionId));
}

/** Presses a button as `userId`, the way Slack delivers the click (signed block_actions). */
export function pressButton(
  h: Harness,
  message: { ts: string },
  button: { actionId: string; blockId: string; value: string },
  userId: string,
) {
  return h.client.blockActions(
    blockActionsPayload({
      userId,
      channelId: CHANNEL,
      messageTs: message.ts,
      threadTs: root(h).ts,
      actionId: button.actionId,
      blockId: button.blockId,
      value: button.value,
    }),
  );
}

/** Clicks a button of a message in the plan's thread as `userId`. */
export function click(
  h: Harness,
  message: { ts: string; blocks: unknown[] },
  actionId: string,
  userId = REQUESTER,
) {
  const button = buttonsOf(message).find((b) => b.actionId === actionId);
  if (!button) throw new Error(`no ${actionId} button on the message`);
  return pressButton(h, message, button, userId);
}
