import type { KnownBlock } from '@slack/types';
import { draftItemKeys } from '../../approval/items.ts';
import type { ReviewOutcome } from '../../plan/review.ts';
import { type DraftItem, SECTION_KEYS, SECTION_TITLES, type Section } from '../../plan/schema.ts';
import { SECTION_BLOCK } from '../ids.ts';
import type { ScorecardEvidence } from './evidence-blocks.ts';
import { esc, escShort, fallback, header, withBlockId } from './kit.ts';
import { contextBlocks, LIMITS, sectionBlocks, splitIntoMessages } from './limits.ts';
import { reviewBlocks } from './review-notes.ts';
import {
  renderDraft,
  renderExit,
  renderGating,
  renderScorecard,
  renderTimeline,
  renderToolchain,
  renderWritebackOverview,
} from './section-render.ts';

/** One Slack message of a plan item: items are approved one by one, and a long item spans parts. */
export interface ItemMessage {
  itemKey: string;
  part: number;
  text: string;
  blocks: KnownBlock[];
}

export interface SectionMessageContext {
  planId: string;
  version: number;
  /** The section's position; the number shown ("N/6") comes from the section key itself. */
  index: number;
  /** What the guard removed from the section, shown rather than removed silently. */
  notes?: readonly string[];
  /** Safe mrkdwn from freezeNotice, shown at the top of the scorecard (checked by code). */
  freezeNotice?: string | undefined;
  /** The second model's review of this content (gating section only). */
  review?: ReviewOutcome | undefined;
  /** The latest evidence for the policy's gates, and now (scorecard only). */
  evidence?: ScorecardEvidence | undefined;
}

interface Item {
  itemKey: string;
  heading: string;
  /** Escaped fallback text. */
  summary: string;
  body: KnownBlock[];
  footer: string;
  notes: readonly string[];
  /** Shown under the heading: the second model's review, with its Retry. */
  review?: KnownBlock[];
}

function sectionHeading(section: Section): string {
  const number = SECTION_KEYS.indexOf(section.key) + 1;
  return `${number}/${SECTION_KEYS.length} · ${SECTION_TITLES[section.key]}`;
}

function sectionBody(section: Section, evidence: ScorecardEvidence | undefined): KnownBlock[] {
  switch (section.key) {
    case 'scorecard':
      return renderScorecard(section.value, evidence);
    case 'toolchain':
      return renderToolchain(section.value);
    case 'gating':
      return renderGating(section.value);
    case 'timeline':
      return renderTimeline(section.value);
    case 'writeback':
      return renderWritebackOverview(section.value);
    case 'exit':
      return renderExit(section.value);
  }
}

function draftItems(drafts: readonly DraftItem[], version: number): Item[] {
  const keys = draftItemKeys(drafts);
  return drafts.flatMap((draft, i) => {
    const itemKey = keys[i];
    return itemKey === undefined ? [] : [draftItem(draft, itemKey, version)];
  });
}

function draftItem(draft: DraftItem, itemKey: string, version: number): Item {
  return {
    itemKey,
    heading: `DRAFT · ${draft.title}`,
    summary: `DRAFT · ${escShort(draft.title)} — for ${escShort(draft.approver_role)} to apply in ${escShort(draft.target_system)}`,
    body: renderDraft(draft),
    footer: `DRAFT · plan version ${version} · for a person in the named role to apply by hand; nothing is written by this bot`,
    notes: [],
  };
}

function sectionItems(section: Section, ctx: SectionMessageContext): Item[] {
  const heading = sectionHeading(section);
  const item: Item = {
    itemKey: section.key,
    heading,
    summary: esc(heading),
    body: [...scorecardFreezes(section, ctx.freezeNotice), ...sectionBody(section, ctx.evidence)],
    footer: `Plan version ${ctx.version}`,
    notes: ctx.notes ?? [],
    review: section.key === 'gating' ? reviewBlocks(ctx.review, ctx.planId) : [],
  };
  return section.key === 'writeback' ? [item, ...draftItems(section.value.drafts, ctx.version)] : [item];
}

function scorecardFreezes(section: Section, notice: string | undefined): KnownBlock[] {
  return section.key === 'scorecard' && notice ? sectionBlocks(notice, SECTION_BLOCK.freezes) : [];
}

function noteBlocks(notes: readonly string[]): KnownBlock[] {
  if (notes.length === 0) return [];
  const safe = [`🛡️ *Removed before posting:*`, ...notes.map((n) => esc(n))];
  return withBlockId(contextBlocks(safe, 2000), SECTION_BLOCK.guardNotes);
}

/** Room for the "continued" line that later parts start with. */
const CONTINUATION_BLOCKS = 1;
const CONTINUATION_CHARS = 400;

function itemMessages(item: Item): ItemMessage[] {
  const blocks = [
    header(item.heading, SECTION_BLOCK.header),
    ...(item.review ?? []),
    ...noteBlocks(item.notes),
    ...item.body,
    ...withBlockId(contextBlocks([esc(item.footer)]), SECTION_BLOCK.footer),
  ];
  const parts = splitIntoMessages(blocks, {
    maxBlocks: LIMITS.targetBlocksPerMessage - CONTINUATION_BLOCKS,
    maxChars: LIMITS.targetBlockChars - CONTINUATION_CHARS,
  });
  return parts.map((partBlocks, part) => {
    const label = parts.length > 1 ? ` (part ${part + 1} of ${parts.length})` : '';
    const continued = part === 0 ? [] : contextBlocks([`_${escShort(item.heading)} — continued${label}_`]);
    return {
      itemKey: item.itemKey,
      part,
      text: fallback(`${item.summary}${label}`),
      blocks: [...continued, ...partBlocks],
    };
  });
}

/**
 * The thread messages of one plan section: the section itself, and for the writeback section one
 * item per draft. Every message stays within Block Kit limits with room for approval controls.
 */
export function buildSectionMessages(section: Section, ctx: SectionMessageContext): ItemMessage[] {
  return sectionItems(section, ctx).flatMap(itemMessages);
}
