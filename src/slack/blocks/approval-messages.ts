import { REVIEW_BLOCK } from '../ids.ts';
import { escShort, fallback, userMention } from './kit.ts';
import { type BlockMessage, capBlocks, contextBlocks, sectionBlocks } from './limits.ts';
import { slackDate } from './slack-date.ts';

/** A private answer to a click, from text that is already safe mrkdwn (decideClick's messages are). */
export function buildDecisionNotice(safeMrkdwn: string): BlockMessage {
  return { text: fallback(safeMrkdwn), blocks: sectionBlocks(safeMrkdwn, REVIEW_BLOCK.notice) };
}

export interface ApprovedItemView {
  title: string;
  approvals: readonly { role: string; userId: string; at: string }[];
}

/**
 * The one thread message when a plan turns green: who approved what. The approvers are the only
 * people it mentions.
 */
export function buildPlanApprovedMessage(view: {
  version: number;
  items: readonly ApprovedItemView[];
}): BlockMessage {
  const lines = view.items.map((item) => {
    const who = item.approvals.map(
      (a) => `“${escShort(a.role)}” ${userMention(a.userId)} · ${slackDate(a.at)}`,
    );
    return `• *${escShort(item.title)}* — ${who.join('; ')}`;
  });
  const shown = withinBudget(lines, LINES_BUDGET);
  if (shown.length < lines.length) {
    shown.push(
      `_…and ${lines.length - shown.length} more items; each message in the thread shows who approved it._`,
    );
  }
  const headline = `🟢 *Plan approved.* Every required approval is in for version ${view.version}.`;
  return {
    text: fallback(`Plan approved: every required approval is in for version ${view.version}.`),
    blocks: capBlocks([
      ...sectionBlocks(headline, REVIEW_BLOCK.summary),
      ...sectionBlocks(shown.join('\n')),
      ...contextBlocks([
        'Nothing was written anywhere: each draft is for a person in its role to apply by hand.',
      ]),
    ]),
  };
}

/** One message, well under Slack's ~12k chars of blocks. */
const LINES_BUDGET = 8000;

function withinBudget(lines: readonly string[], budget: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    if (used + line.length + 1 > budget) break;
    kept.push(line);
    used += line.length + 1;
  }
  return kept;
}

export const NO_POLICY_NOTICE =
  'Approvals need a policy file. No one can approve this plan until an admin sets POLICY_FILE to a policy (see policy.example.yml: roles, who holds them, and the roles each risk class needs) and restarts Release Planner.';

/** Posted once in a plan's thread when no policy is configured. */
export function buildNoPolicyNotice(): BlockMessage {
  const safe = `🔒 ${NO_POLICY_NOTICE.replace('POLICY_FILE', '`POLICY_FILE`')}`;
  return { text: fallback(NO_POLICY_NOTICE), blocks: sectionBlocks(safe, REVIEW_BLOCK.notice) };
}
