import type { KnownBlock } from '@slack/types';
import type { z } from 'zod';
import type { Usage } from '../../plan/model.ts';
import {
  type GateStatus,
  type OverallStatus,
  RISK_LABEL,
  type RiskClass,
  type ScorecardSection,
  SECTION_KEYS,
} from '../../plan/schema.ts';
import { BLOCK, ROOT_BLOCK } from '../ids.ts';
import { buildApproveAllActions } from './approve-all.ts';
import { rootEvidenceBlocks, type ScorecardEvidence } from './evidence-blocks.ts';
import { retryButton } from './failure-message.ts';
import { escShort, fallback, header, userMention, withBlockId } from './kit.ts';
import { type BlockMessage, contextBlocks, fieldBlocks, sectionBlocks } from './limits.ts';
import { escapeMrkdwn, truncate } from './mrkdwn.ts';
import { slackDate } from './slack-date.ts';

export interface RootView {
  planId: string;
  title: string;
  requesterId: string;
  riskClass: RiskClass;
  modelLabel: string;
  version: number;
  state: 'drafting' | 'ready' | 'failed';
  sectionsDone: number;
  scorecard?: z.infer<typeof ScorecardSection>;
  usage?: Usage;
  failure?: string;
  /** Approval progress; absent until the first item is posted. */
  approvals?: RootApprovals;
  /** What the plan leaves uncovered of the request (checked by code, not by the model). */
  coverage?: RootCoverage;
  /** Safe mrkdwn from freezeNotice: the target window and the freezes it overlaps, or the next one. */
  freezeNotice?: string | undefined;
  /** The second model's review of the gating rules, in words (which model, what it found). */
  review?: string | undefined;
  /** Roles with items still waiting for them: one "Approve all as ROLE" button each. */
  approveAllRoles?: readonly string[];
  /** The latest evidence for the policy's gates (with a Refresh evidence button); none without gates. */
  evidence?: ScorecardEvidence | undefined;
  /** When approval timed out (the policy's expire_after): the plan takes no more decisions. */
  expiredAt?: string | undefined;
}

export interface RootCoverage {
  /** Environments of the change scope with no gate on the scorecard. */
  missingGates: readonly string[];
  /** Evidence channels absent from the toolchain layout. */
  missingConnectors: readonly string[];
  /** Approval-matrix roles absent from the gating rules. */
  missingRoles: readonly string[];
}

export type ItemApprovalStatus = 'pending' | 'approved' | 'changes_requested';

/** The approval side of the root: per item and overall (yellow pending, green all in, red held). */
export interface RootApprovals {
  /** False without a policy file: no one can approve, and the root says so. */
  policyConfigured: boolean;
  colour: OverallStatus;
  items: readonly { title: string; status: ItemApprovalStatus; approved: number; required: number }[];
}

export const STATUS_EMOJI: Record<OverallStatus, string> = { green: '🟢', yellow: '🟡', red: '🔴' };
export const GATE_EMOJI: Record<GateStatus, string> = { pass: '✅', fail: '❌', unknown: '❓' };

/** The root message is one message updated in place, so the gate list is capped, not split. */
const MAX_GATES_SHOWN = 20;
const SUMMARY_MAX = 600;

function sectionsDone(done: number): number {
  return Math.min(SECTION_KEYS.length, Math.max(0, Math.trunc(Number.isFinite(done) ? done : 0)));
}

function progressLine(done: number): string {
  const total = SECTION_KEYS.length;
  const n = sectionsDone(done);
  return `⏳ *Drafting — ${n} of ${total} sections*\n\`${'▰'.repeat(n)}${'▱'.repeat(total - n)}\``;
}

function gateLines(gates: z.infer<typeof ScorecardSection>['gates']): string {
  if (gates.length === 0) return '*Gates*\n_None listed_';
  const shown = gates
    .slice(0, MAX_GATES_SHOWN)
    .map((g) => `${GATE_EMOJI[g.status]} ${escShort(g.environment)}: ${g.status}`);
  const more = gates.length - shown.length;
  return [
    '*Gates*',
    ...shown,
    ...(more > 0 ? [`_…and ${more} more in the scorecard in the thread._`] : []),
  ].join('\n');
}

function formatTokens(n: number): string {
  return Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '?';
}

function usageLine(usage: Usage): string {
  return `Tokens: ${formatTokens(usage.inputTokens)} in · ${formatTokens(usage.outputTokens)} out · ${formatTokens(usage.cachedInputTokens)} cached`;
}

const MAX_NAMES = 8;

function names(list: readonly string[]): string {
  const shown = list.slice(0, MAX_NAMES).map((n) => escShort(truncate(n, 60)));
  return shown.join(', ') + (list.length > MAX_NAMES ? ` and ${list.length - MAX_NAMES} more` : '');
}

function coverageLines(coverage: RootCoverage): string {
  const gaps = [
    coverage.missingGates.length > 0 ? `⚠️ No gate for: ${names(coverage.missingGates)}` : null,
    coverage.missingConnectors.length > 0
      ? `⚠️ Evidence channels missing from the toolchain: ${names(coverage.missingConnectors)}`
      : null,
    coverage.missingRoles.length > 0
      ? `⚠️ Roles missing from the gating rules: ${names(coverage.missingRoles)}`
      : null,
  ].filter((line): line is string => line !== null);
  if (gaps.length === 0) {
    return '*Coverage* ✅ every environment has a gate, every evidence channel is in the toolchain, every approver role is in the gating rules';
  }
  return ['*Coverage*', ...gaps].join('\n');
}

function readyBlocks(view: RootView): KnownBlock[] {
  const card = view.scorecard;
  const status = card
    ? `${STATUS_EMOJI[card.overall_status]} *Overall status: ${card.overall_status}* (readiness, from the scorecard)\n${escapeMrkdwn(truncate(card.summary, SUMMARY_MAX))}`
    : '✅ *All sections are in.* The scorecard is in the thread.';
  return [
    ...sectionBlocks(status, BLOCK.rootStatus),
    ...(card ? sectionBlocks(gateLines(card.gates), ROOT_BLOCK.gates) : []),
    ...(view.coverage ? sectionBlocks(coverageLines(view.coverage), ROOT_BLOCK.coverage) : []),
  ];
}

const APPROVAL_HEADLINE: Record<OverallStatus, string> = {
  yellow: '🟡 *Approval: pending*',
  green: '🟢 *Approval: approved* — every required approval is in',
  red: '🔴 *Approval: changes requested* — on hold until revised',
};
const ITEM_EMOJI: Record<ItemApprovalStatus, string> = {
  pending: '⏳',
  approved: '✅',
  changes_requested: '🔴',
};
const MAX_ITEMS_SHOWN = 30;
const ITEM_TITLE_MAX = 80;

function approvalHeadline(approvals: RootApprovals, expiredAt: string | undefined): string {
  if (expiredAt === undefined || approvals.colour === 'green') return APPROVAL_HEADLINE[approvals.colour];
  return `🔴 *Approval: expired* ${slackDate(expiredAt)} — no more decisions on this plan; start again with \`/release-plan\``;
}

function approvalLines(approvals: RootApprovals, expiredAt?: string): string {
  if (!approvals.policyConfigured) {
    return '🔒 *Approval: needs a policy file* — no one can approve until an admin sets `POLICY_FILE`.';
  }
  const items = approvals.items;
  const approved = items.filter((i) => i.status === 'approved').length;
  const shown = items.slice(0, MAX_ITEMS_SHOWN).map((i) => {
    const progress = i.status === 'changes_requested' ? 'changes requested' : `${i.approved}/${i.required}`;
    return `${ITEM_EMOJI[i.status]} ${escShort(truncate(i.title, ITEM_TITLE_MAX))} — ${progress}`;
  });
  const more = items.length - shown.length;
  return [
    `${approvalHeadline(approvals, expiredAt)} · ${approved} of ${items.length} items approved`,
    ...shown,
    ...(more > 0 ? [`_…and ${more} more in the thread._`] : []),
  ].join('\n');
}

function approvalBlocks(view: RootView): KnownBlock[] {
  if (!view.approvals || (view.state === 'drafting' && view.approvals.items.length === 0)) return [];
  return sectionBlocks(approvalLines(view.approvals, view.expiredAt), ROOT_BLOCK.approvals);
}

/** The root of a failed plan carries its own Retry: it must not depend on the failure message's post. */
function failedBlocks(view: RootView): KnownBlock[] {
  const reason = escShort(view.failure ?? 'Drafting stopped.');
  const done = sectionsDone(view.sectionsDone);
  const retry = retryButton(view.planId);
  return [
    ...sectionBlocks(
      `⚠️ *${reason}*\n${done} of ${SECTION_KEYS.length} sections were drafted; they stay in the thread.`,
      BLOCK.rootStatus,
    ),
    ...(retry ? [{ ...retry, block_id: BLOCK.rootRetry }] : []),
  ];
}

function stateBlocks(view: RootView): KnownBlock[] {
  if (view.state === 'ready') return readyBlocks(view);
  if (view.state === 'failed') return failedBlocks(view);
  return sectionBlocks(progressLine(view.sectionsDone), BLOCK.rootStatus);
}

const APPROVAL_WORDS: Record<OverallStatus, string> = {
  yellow: 'approval pending',
  green: 'approved',
  red: 'changes requested',
};

function fallbackText(view: RootView): string {
  const title = `Release plan: ${escShort(view.title)}`;
  if (view.state === 'failed') return `${title} — drafting stopped`;
  if (view.state === 'ready') {
    const words =
      view.approvals && (view.expiredAt === undefined || view.approvals.colour === 'green')
        ? APPROVAL_WORDS[view.approvals.colour]
        : 'approval expired';
    const approval = view.approvals?.policyConfigured ? `, ${words}` : '';
    return `${title} — ready${view.scorecard ? ` (${view.scorecard.overall_status})` : ''}${approval}`;
  }
  return `${title} — drafting`;
}

/** The plan's root message in the channel: what was asked, by whom, and where drafting stands. */
export function buildRootMessage(view: RootView): BlockMessage {
  const fields = withBlockId(
    fieldBlocks([
      `*Requested by*\n${userMention(view.requesterId)}`,
      `*Risk class*\n${RISK_LABEL[view.riskClass] ?? escShort(String(view.riskClass))}`,
      `*Model*\n${escShort(view.modelLabel)}`,
      `*Version*\n${Number.isFinite(view.version) ? view.version : '?'}`,
    ]),
    ROOT_BLOCK.fields,
  );
  return {
    text: fallback(fallbackText(view)),
    blocks: [
      header(view.title, ROOT_BLOCK.header),
      ...fields,
      ...(view.freezeNotice ? sectionBlocks(view.freezeNotice, ROOT_BLOCK.freezes) : []),
      ...stateBlocks(view),
      ...(view.evidence && view.state === 'ready'
        ? rootEvidenceBlocks(view.planId, view.evidence, view.expiredAt === undefined)
        : []),
      ...(view.review
        ? withBlockId(contextBlocks([`🔎 Gating rules: ${escShort(view.review)}`]), ROOT_BLOCK.review)
        : []),
      ...approvalBlocks(view),
      ...(view.state === 'ready' && view.approvals?.policyConfigured && view.expiredAt === undefined
        ? buildApproveAllActions(view.planId, view.approveAllRoles ?? [])
        : []),
      ...(view.usage && view.state === 'ready'
        ? withBlockId(contextBlocks([usageLine(view.usage)]), ROOT_BLOCK.usage)
        : []),
    ],
  };
}
