import type { KnownBlock } from '@slack/types';
import type { WaitingPlan } from '../../approval/inbox.ts';
import { TIMEOUT_BLOCK } from '../ids.ts';
import { escShort, fallback, userMention } from './kit.ts';
import { type BlockMessage, contextBlocks, LIMITS, sectionBlocks } from './limits.ts';
import { truncate } from './mrkdwn.ts';
import { slackDate } from './slack-date.ts';

/** A reminder lists this many plans, and this many items of each; the rest are counted. */
export const REMINDER_CAPS = { plans: 15, itemsPerPlan: 10 } as const;

const UNITS = [
  [86_400_000, 'day'],
  [3_600_000, 'hour'],
  [60_000, 'minute'],
  [1_000, 'second'],
] as const;

/** 172 800 000 → "2 days"; 5 400 000 → "90 minutes": the largest unit that divides it, in words. */
export function durationWords(ms: number): string {
  const [size, unit] = UNITS.find(([size]) => ms >= size && ms % size === 0) ?? UNITS[3];
  const n = Math.max(1, Math.round(ms / size));
  return `${n} ${unit}${n === 1 ? '' : 's'}`;
}

function planLink(title: string, url: string | undefined): string {
  const safe = escShort(truncate(title, 120));
  return url ? `<${url}|${safe}>` : safe;
}

function waitingLines(plan: WaitingPlan, url: string | undefined): string {
  const shown = plan.items.slice(0, REMINDER_CAPS.itemsPerPlan).map((i) => {
    const roles = i.roles.map((r) => `“${escShort(r)}”`).join(' or ');
    return `• ${escShort(truncate(i.title, 100))} — as ${roles}`;
  });
  const more = plan.items.length - shown.length;
  return truncate(
    [
      `*${planLink(plan.title, url)}* · waiting since ${slackDate(plan.since)}`,
      ...shown,
      ...(more > 0 ? [`_…and ${more} more in the thread._`] : []),
    ].join('\n'),
    LIMITS.sectionText,
  );
}

export interface ReminderInput {
  /** Everything that waits for this person now, grouped by plan. */
  waiting: readonly WaitingPlan[];
  permalinks: ReadonlyMap<string, string>;
}

/**
 * The direct message reminding one person of everything that waits for their decision: one message
 * however many plans, so a busy approver is nudged once, not once per item.
 */
export function buildReminderMessage(input: ReminderInput): BlockMessage {
  const count = input.waiting.reduce((n, p) => n + p.items.length, 0);
  const shown = input.waiting.slice(0, REMINDER_CAPS.plans);
  const more = input.waiting.length - shown.length;
  const intro = `⏰ *${count} ${count === 1 ? 'item waits' : 'items wait'} for your approval* in ${input.waiting.length} ${input.waiting.length === 1 ? 'plan' : 'plans'}.`;
  const blocks: KnownBlock[] = [
    ...sectionBlocks(intro, TIMEOUT_BLOCK.reminder),
    ...shown.flatMap((p) => sectionBlocks(waitingLines(p, input.permalinks.get(p.planId)))),
    ...(more > 0 ? contextBlocks([`…and ${more} more plan(s): see the app’s Home tab.`]) : []),
    ...contextBlocks([
      'Open a plan’s thread to review and approve its items. The app’s Home tab lists everything that waits for you.',
    ]),
  ];
  return { text: fallback(`${count} item(s) wait for your approval`), blocks };
}

export interface EscalationItem {
  title: string;
  /** Roles still open on it (empty when it is on hold for changes). */
  waitingFor: readonly string[];
  since: string;
}

export interface EscalationInput {
  planTitle: string;
  role: string;
  holders: readonly string[];
  afterMs: number;
  items: readonly EscalationItem[];
}

const MAX_ESCALATED_ITEMS = 15;
const MAX_MENTIONS = 20;

function escalatedLines(items: readonly EscalationItem[]): string[] {
  const shown = items.slice(0, MAX_ESCALATED_ITEMS).map((i) => {
    const waiting =
      i.waitingFor.length > 0
        ? `waiting for ${i.waitingFor.map((r) => `“${escShort(r)}”`).join(', ')}`
        : 'on hold for changes';
    return `• ${escShort(truncate(i.title, 100))} — ${waiting} since ${slackDate(i.since)}`;
  });
  const more = items.length - shown.length;
  return [...shown, ...(more > 0 ? [`_…and ${more} more._`] : [])];
}

function holderMentions(holders: readonly string[]): string {
  const shown = holders.slice(0, MAX_MENTIONS).map(userMention);
  const more = holders.length - shown.length;
  return shown.length === 0 ? '_no one holds it_' : shown.join(' ') + (more > 0 ? ` and ${more} more` : '');
}

/**
 * Posted in the plan's thread: what has waited longer than the policy allows, for the escalation
 * role's holders, who are mentioned (the policy names them, not the model or a user).
 */
export function buildEscalationMessage(input: EscalationInput): BlockMessage {
  const lines = [
    `⏫ *Escalated to ${escShort(input.role)}* — ${input.items.length === 1 ? 'this item has' : 'these items have'} waited more than ${durationWords(input.afterMs)}:`,
    ...escalatedLines(input.items),
    `${holderMentions(input.holders)}, please help move it on. This does not change who may approve.`,
  ];
  return {
    text: fallback(
      `Escalated to ${escShort(input.role)}: approval of ${escShort(input.planTitle)} is overdue`,
    ),
    blocks: sectionBlocks(truncate(lines.join('\n'), LIMITS.sectionText), TIMEOUT_BLOCK.escalation),
  };
}

/** The escalation role holder's direct message: the same news, with a link to the thread. */
export function buildEscalationDm(input: EscalationInput & { permalink?: string | undefined }): BlockMessage {
  const lines = [
    `⏫ *Approval of ${planLink(input.planTitle, input.permalink)} is overdue*, and it is escalated to you as “${escShort(input.role)}”. ${input.items.length === 1 ? 'This item has' : 'These items have'} waited more than ${durationWords(input.afterMs)}:`,
    ...escalatedLines(input.items),
    '_Escalation does not change who may approve._',
  ];
  return {
    text: fallback(`Escalated to you: approval of ${escShort(input.planTitle)} is overdue`),
    blocks: sectionBlocks(truncate(lines.join('\n'), LIMITS.sectionText), TIMEOUT_BLOCK.escalation),
  };
}

/** Posted in the thread when the plan expires: why, and how its requester starts again. */
export function buildExpiryNotice(input: { requesterId: string; afterMs: number }): BlockMessage {
  const text = `⌛ *This plan expired*: it waited more than ${durationWords(input.afterMs)} without every approval, so it takes no more decisions. ${userMention(input.requesterId)}, to go ahead, start a new plan with \`/release-plan\` in this channel (the form starts from the channel’s last request).`;
  return {
    text: fallback('This plan expired: start a new one with /release-plan'),
    blocks: sectionBlocks(text, TIMEOUT_BLOCK.expiry),
  };
}
