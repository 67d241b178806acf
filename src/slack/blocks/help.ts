import { COMMAND } from '../ids.ts';
import { divider, header } from './kit.ts';
import { type BlockMessage, sectionBlocks } from './limits.ts';

const USAGE = [
  `\`${COMMAND}\` — open the request form: title, model, risk class, scope, evidence channels, risk tolerance, approval matrix and rollback plan.`,
  `\`${COMMAND} &lt;summary&gt;\` — the same, with the initiative context pre-filled from your summary.`,
  `\`${COMMAND} freezes\` — the freeze windows of the next 90 days, shown only to you.`,
  `\`${COMMAND} help\` — this message.`,
].join('\n');

const HOW_IT_WORKS = [
  '*What it does* — drafts a six-section release plan (readiness scorecard, toolchain layout, gating rules, timeline, draft writeback bundle, exit criteria) and posts it as a thread, one section at a time.',
  '*Approvals* — every section and every draft has *Approve* and *Request changes* buttons. Only a holder of the approver role (from the approval matrix and the risk class) can approve, and not the requester. The plan is approved when every required approval is in.',
  '*Thread replies* — a reply in the plan’s thread is feedback: the plan is revised, changed items are updated in place and their approvals reset. A reply can never approve anything; only the buttons can.',
  '*Drafts only* — it never writes to Jira, Confluence, Notion, CI or any other system. Every draft is text for a person in the named role to apply.',
].join('\n\n');

/** The usage message for `/release-plan help` (ephemeral). */
export function buildHelpMessage(): BlockMessage {
  return {
    text: `Release Planner: ${COMMAND} drafts a governed release plan; approvals happen by role in the thread.`,
    blocks: [header('Release Planner'), ...sectionBlocks(USAGE), divider(), ...sectionBlocks(HOW_IT_WORKS)],
  };
}
