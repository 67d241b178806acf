import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { LineChange } from '../../plan/diff.ts';
import { REVISION_ACTION, REVISION_BLOCK } from '../ids.ts';
import { encodeJson, type RevisionButtonValue } from '../metadata.ts';
import { buildFailureMessage } from './failure-message.ts';
import { esc, escShort, fallback, header, userMention } from './kit.ts';
import { type BlockMessage, capBlocks, contextBlocks, LIMITS, sectionBlocks } from './limits.ts';
import { plainText, truncate } from './mrkdwn.ts';

export interface SectionChangeView {
  /** Human title of the item ("Change Gating Rules", "Draft: Jira epic update"). */
  title: string;
  lines: readonly LineChange[];
  omitted: number;
}

export interface ResetView {
  title: string;
  decisions: readonly { userId: string; role: string; decision: 'approve' | 'request_changes' }[];
}

export interface RevisionView {
  /** 1 for the first revision (plan version 2). */
  revision: number;
  version: number;
  feedbackBy: string;
  /** The model's summary, guarded; untrusted, so escaped here. */
  summary: string;
  /** Titles of the sections that changed. */
  sections: readonly string[];
  /** Before → after, item by item (a section, or one draft). */
  changes: readonly SectionChangeView[];
  added: readonly string[];
  removed: readonly string[];
  /** Changed items whose decisions no longer count, with those decisions (possibly none). */
  resets: readonly ResetView[];
  feedbackTruncated: boolean;
}

const MAX_SUMMARY = 600;
/** Keeps the message well inside Slack's ~12k characters of blocks, whatever the caller passes. */
const MAX_ITEMS_SHOWN = 8;
const MAX_LINES_PER_ITEM = 4;
const MAX_SIDE = 140;
const CHANGES_BUDGET = 6_000;
const RESETS_BUDGET = 2_500;

function lineText(change: LineChange): string {
  const before = change.before === null ? '_(none)_' : `“${esc(truncate(change.before, MAX_SIDE))}”`;
  const after = change.after === null ? '_(removed)_' : `“${esc(truncate(change.after, MAX_SIDE))}”`;
  return `• _${escShort(change.path)}_: ${before} → ${after}`;
}

function changeText(change: SectionChangeView): string {
  const shown = change.lines.slice(0, MAX_LINES_PER_ITEM);
  const omitted = change.omitted + change.lines.length - shown.length;
  const more = omitted > 0 ? [`• _…and ${omitted} more changed lines_`] : [];
  const lines = shown.length > 0 ? shown.map(lineText) : ['• _Reordered or reformatted_'];
  return [`*${escShort(change.title)}*`, ...lines, ...more].join('\n');
}

/** Whole entries while they fit the budget, then how many were left out. */
function withinBudget(entries: readonly string[], budget: number, maxEntries: number): string[] {
  const kept: string[] = [];
  let used = 0;
  for (const entry of entries.slice(0, maxEntries)) {
    if (kept.length > 0 && used + entry.length > budget) break;
    kept.push(entry);
    used += entry.length;
  }
  return kept;
}

function changesText(changes: readonly SectionChangeView[]): string {
  const shown = withinBudget(changes.map(changeText), CHANGES_BUDGET, MAX_ITEMS_SHOWN);
  const more = changes.length - shown.length;
  return [...shown, ...(more > 0 ? [`_…and ${more} more changed items_`] : [])].join('\n\n');
}

function decisionText(d: ResetView['decisions'][number]): string {
  const what = d.decision === 'approve' ? 'approval' : 'change request';
  return `${escShort(d.role)} ${what} by ${userMention(d.userId)}`;
}

function resetText(resets: readonly ResetView[]): string {
  const dismissed = resets.filter((r) => r.decisions.length > 0);
  const all = dismissed.map((r) => `• *${escShort(r.title)}*: ${r.decisions.map(decisionText).join(', ')}`);
  const lines = withinBudget(all, RESETS_BUDGET, all.length);
  if (lines.length < all.length) lines.push(`• _…and ${all.length - lines.length} more items_`);
  const intro =
    dismissed.length > 0
      ? '*Approvals reset* — these items changed, so their decisions no longer count; please review the new version:'
      : '*Approvals reset:* none — no changed item had a decision yet.';
  return [intro, ...lines].join('\n');
}

const MAX_TITLES = 10;

function titleList(titles: readonly string[]): string {
  const shown = titles.slice(0, MAX_TITLES).map(escShort).join(', ');
  return titles.length > MAX_TITLES ? `${shown} and ${titles.length - MAX_TITLES} more` : shown;
}

function itemsLine(label: string, titles: readonly string[]): string[] {
  return titles.length === 0 ? [] : [`*${label}:* ${titleList(titles)}`];
}

/** The "Revision N" thread message: whose feedback, what changed, before → after, what was reset. */
export function buildRevisionMessage(view: RevisionView): BlockMessage {
  const by = userMention(view.feedbackBy);
  const titles = view.sections;
  const heading = `Revision ${view.revision} · plan version ${view.version}`;
  const intro = `:pencil2: Revised after feedback from ${by}. ${esc(truncateSummary(view.summary))}`;
  const notes = view.feedbackTruncated
    ? ['_The feedback was long: only its beginning was given to the model._']
    : [];
  const blocks: KnownBlock[] = [
    header(heading, REVISION_BLOCK.header),
    ...sectionBlocks(intro, REVISION_BLOCK.summary),
    ...sectionBlocks(
      [
        `*Sections changed:* ${titleList(titles) || '—'}`,
        ...itemsLine('Added', view.added),
        ...itemsLine('Removed', view.removed),
      ].join('\n'),
    ),
    ...sectionBlocks(changesText(view.changes), REVISION_BLOCK.changes),
    ...sectionBlocks(resetText(view.resets), REVISION_BLOCK.resets),
    ...contextBlocks([
      'Changed sections were updated in place above. A thread reply never approves anything: only the buttons do.',
      ...notes,
    ]),
  ];
  return {
    text: fallback(`${esc(heading)}: ${titleList(titles)} changed after feedback from ${by}.`),
    blocks: capBlocks(blocks),
  };
}

export interface NoChangeView {
  version: number;
  /** The plan's title; untrusted, so escaped here. */
  planTitle: string;
  /** The model's summary of why nothing changed, guarded; untrusted, so escaped here. */
  summary: string;
}

/** The reaction a thread reply gets when it was read and changed nothing. */
export const READ_REACTION = 'eyes';

/**
 * The private answer to feedback that changed nothing (the thread stays quiet): why, and that
 * the plan and its approvals are as they were.
 */
export function buildNoChangeNotice(view: NoChangeView): BlockMessage {
  const title = escShort(view.planTitle);
  const line = `:speech_balloon: *No changes* to “${title}” after your reply: the plan stays at version ${view.version} and no approvals were reset.`;
  return {
    text: fallback(`No changes to “${title}” after your reply; the plan stays at version ${view.version}.`),
    blocks: [
      ...sectionBlocks(
        `${line}
*Why:* ${esc(truncateSummary(view.summary))}`,
        REVISION_BLOCK.noChange,
      ),
      ...contextBlocks(['Only you see this. Reply again in the thread to ask for a change.']),
    ],
  };
}

export interface RevisionFailureView {
  planId: string;
  feedbackId: string;
  code: string;
  detail?: string;
}

/** A failed revision: the shared failure wording, with a Retry that applies the same feedback again. */
export function buildRevisionFailureMessage(view: RevisionFailureView): BlockMessage {
  const base = buildFailureMessage({
    planId: view.planId,
    code: view.code,
    retryable: true,
    what: 'revision',
    ...(view.detail === undefined ? {} : { detail: view.detail }),
  });
  // The shared builder's Retry re-drafts the plan; this one must re-apply the feedback instead.
  const blocks = base.blocks.filter((b) => b.type !== 'actions');
  const retry = retryRevisionButton(view);
  return { text: base.text, blocks: retry ? [...blocks, retry] : blocks };
}

function retryRevisionButton(view: RevisionFailureView): ActionsBlock | undefined {
  const value = encodeJson<RevisionButtonValue>({ planId: view.planId, feedbackId: view.feedbackId });
  if (value.length > LIMITS.buttonValue) return undefined;
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: REVISION_ACTION.retryRevision,
        text: plainText('Retry', LIMITS.buttonText),
        style: 'primary',
        value,
      },
    ],
  };
}

function truncateSummary(summary: string): string {
  return truncate(summary.replace(/\s+/g, ' ').trim(), MAX_SUMMARY);
}
