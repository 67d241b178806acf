import type { HomeView, KnownBlock } from '@slack/types';
import type { Inbox, OwnPlan, WaitingPlan } from '../../approval/inbox.ts';
import { HOME_BLOCK } from '../ids.ts';
import { escShort, header } from './kit.ts';
import { contextBlocks, LIMITS, sectionBlocks } from './limits.ts';
import { truncate } from './mrkdwn.ts';
import { STATUS_EMOJI } from './root-message.ts';
import { slackDate } from './slack-date.ts';

export interface HomeDecision {
  planTitle: string;
  itemTitle: string;
  role: string;
  decision: 'approve' | 'request_changes';
  at: string;
}

export interface HomeViewInput extends Inbox {
  /** Links to each plan's thread (chat.getPermalink), by plan id; a plan without one is shown unlinked. */
  permalinks: ReadonlyMap<string, string>;
  /** This person's most recent decisions, newest first. */
  decisions: readonly HomeDecision[];
}

/** A home tab holds 100 blocks: these caps keep it well inside, whatever the inbox holds. */
export const HOME_CAPS = { waitingPlans: 15, itemsPerPlan: 10, ownPlans: 15, decisions: 10 } as const;

function planLink(title: string, url: string | undefined): string {
  const safe = escShort(truncate(title, 120));
  return url ? `<${url}|${safe}>` : safe;
}

function waitingBlock(plan: WaitingPlan, url: string | undefined): KnownBlock[] {
  const shown = plan.items.slice(0, HOME_CAPS.itemsPerPlan).map((i) => {
    const roles = i.roles.map((r) => `“${escShort(r)}”`).join(' or ');
    return `• ${escShort(truncate(i.title, 100))} — as ${roles}`;
  });
  const more = plan.items.length - shown.length;
  const lines = [
    `*${planLink(plan.title, url)}* · ${plan.items.length} item(s) · updated ${slackDate(plan.since)}`,
    ...shown,
    ...(more > 0 ? [`_…and ${more} more in the thread._`] : []),
  ];
  return sectionBlocks(truncate(lines.join('\n'), LIMITS.sectionText));
}

const STATUS_WORDS: Record<OwnPlan['status'], string> = {
  drafting: 'drafting',
  ready: 'ready',
  failed: 'drafting failed',
};

function ownLine(plan: OwnPlan, url: string | undefined): string {
  const progress = plan.status === 'ready' ? ` · ${plan.approved} of ${plan.total} items approved` : '';
  const emoji = plan.status === 'ready' ? `${STATUS_EMOJI[plan.colour]} ` : '';
  return `${emoji}*${planLink(plan.title, url)}* — ${STATUS_WORDS[plan.status] ?? plan.status}${progress}`;
}

function waitingSection(input: HomeViewInput): KnownBlock[] {
  const items = input.waiting.reduce((n, p) => n + p.items.length, 0);
  const shown = input.waiting.slice(0, HOME_CAPS.waitingPlans);
  const more = input.waiting.length - shown.length;
  return [
    header(`Waiting for you (${items})`, HOME_BLOCK.waiting),
    ...(shown.length === 0 ? sectionBlocks('Nothing waits for your decision. 🎉') : []),
    ...shown.flatMap((p) => waitingBlock(p, input.permalinks.get(p.planId))),
    ...(more > 0
      ? contextBlocks([`…and ${more} more plan(s) waiting for you: open their threads in the channels.`])
      : []),
  ];
}

function mineSection(input: HomeViewInput): KnownBlock[] {
  const shown = input.mine.slice(0, HOME_CAPS.ownPlans);
  const more = input.mine.length - shown.length;
  const lines = shown.map((p) => ownLine(p, input.permalinks.get(p.planId)));
  return [
    header('Your plans', HOME_BLOCK.mine),
    ...sectionBlocks(
      lines.length > 0
        ? lines.join('\n')
        : 'You have not requested a plan yet: type `/release-plan` in a channel.',
    ),
    ...(more > 0 ? contextBlocks([`…and ${more} older plan(s).`]) : []),
  ];
}

function decisionsSection(input: HomeViewInput): KnownBlock[] {
  const lines = input.decisions.slice(0, HOME_CAPS.decisions).map((d) => {
    const what = d.decision === 'approve' ? '✅ Approved' : '🔴 Requested changes on';
    return `${what} *${escShort(truncate(d.itemTitle, 80))}* of ${escShort(truncate(d.planTitle, 80))} as “${escShort(d.role)}” · ${slackDate(d.at)}`;
  });
  return [
    header('Your recent decisions', HOME_BLOCK.decisions),
    ...sectionBlocks(lines.length > 0 ? lines.join('\n') : 'No decisions yet.'),
  ];
}

/** The App Home tab: the approver's inbox, the plans they requested and their recent decisions. */
export function buildHomeView(input: HomeViewInput): HomeView {
  return {
    type: 'home',
    blocks: [
      ...waitingSection(input),
      { type: 'divider' },
      ...mineSection(input),
      { type: 'divider' },
      ...decisionsSection(input),
    ],
  };
}
