import type { KnownBlock, MrkdwnElement } from '@slack/types';
import { mrkdwnText, safeMrkdwnCutIndex } from './mrkdwn.ts';

/** Block Kit limits (docs/slack-platform.md). Lengths are UTF-16 units, which never undercount. */
export const LIMITS = {
  blocksPerMessage: 50,
  blocksPerModal: 100,
  textObject: 3000,
  sectionText: 3000,
  sectionFields: 10,
  fieldText: 2000,
  headerText: 150,
  contextElements: 10,
  actionsElements: 25,
  blockId: 255,
  actionId: 255,
  buttonText: 75,
  buttonValue: 2000,
  buttonUrl: 3000,
  optionText: 75,
  optionValue: 75,
  optionDescription: 75,
  staticSelectOptions: 100,
  inputLabel: 2000,
  inputHint: 2000,
  placeholder: 150,
  modalTitle: 24,
  modalSubmit: 24,
  modalClose: 24,
  privateMetadata: 3000,
  callbackId: 255,
  plainTextInputMaxLength: 3000,
  messageText: 40_000,
  /** Slack answers msg_blocks_too_long from about 13.2k chars of blocks (bolt-js#2509). */
  messageBlockChars: 12_000,
  /** What our builders aim for: room for the approval controls appended later. */
  targetBlocksPerMessage: 45,
  targetBlockChars: 11_000,
  /** Fallback `text` we send: enough for a notification, far below the 40k truncation. */
  fallbackText: 3000,
} as const;

export interface BlockMessage {
  text: string;
  blocks: KnownBlock[];
}

/** Where the chunk starting at `start` ends: a line break, else a space, in the back half if possible. */
function splitPoint(text: string, start: number, max: number): { end: number; skip: number } {
  // Search only this chunk's window, so splitting stays linear in the text's length.
  const window = text.slice(start, start + max + 1);
  const newline = window.lastIndexOf('\n');
  const space = window.lastIndexOf(' ');
  const half = max / 2;
  const breakAt = newline > half ? newline : space > half ? space : Math.max(newline, space);
  if (breakAt > 0) return { end: start + breakAt, skip: 1 };
  return { end: Math.max(start + 1, safeMrkdwnCutIndex(text, start + max)), skip: 0 };
}

/**
 * Splits escaped mrkdwn into chunks of at most `max` chars on line, then word boundaries; a word
 * longer than `max` is cut (never inside a surrogate pair or an entity). Blank chunks are dropped.
 */
export function splitMrkdwn(text: string, max: number = LIMITS.sectionText): string[] {
  const chunks: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    const { end, skip } = splitPoint(text, start, max);
    chunks.push(text.slice(start, end));
    start = end + skip;
  }
  chunks.push(text.slice(start));
  return chunks.filter((chunk) => chunk.trim() !== '');
}

/** Section blocks for any length of escaped mrkdwn; the first carries `blockId`, the rest a suffix. */
export function sectionBlocks(safeMrkdwn: string, blockId?: string): KnownBlock[] {
  const chunks = splitMrkdwn(safeMrkdwn);
  return (chunks.length > 0 ? chunks : ['—']).map((chunk, i) => ({
    type: 'section',
    text: mrkdwnText(chunk, LIMITS.sectionText),
    ...(blockId ? { block_id: i === 0 ? blockId : `${blockId}_${i}` } : {}),
  }));
}

/** Groups items into runs of at most `perGroup` items and `charsPerGroup` total length. */
function groupBy<T>(items: T[], size: (item: T) => number, perGroup: number, charsPerGroup: number): T[][] {
  const groups: T[][] = [];
  let current: T[] = [];
  let chars = 0;
  for (const item of items) {
    if (current.length > 0 && (current.length >= perGroup || chars + size(item) > charsPerGroup)) {
      groups.push(current);
      current = [];
      chars = 0;
    }
    current.push(item);
    chars += size(item);
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Field texts (escaped mrkdwn) as section blocks: each field capped at 2000, at most 10 per block,
 * and at most `charsPerBlock` per block so one block never eats a message's budget.
 */
export function fieldBlocks(safeFields: string[], charsPerBlock = 4000): KnownBlock[] {
  const fields = safeFields.map((f) => mrkdwnText(f, LIMITS.fieldText));
  return groupBy(fields, (f) => f.text.length, LIMITS.sectionFields, charsPerBlock).map((group) => ({
    type: 'section',
    fields: group,
  }));
}

/** Context blocks of at most 10 elements each; each element capped so a block stays small. */
export function contextBlocks(safeTexts: string[], charsPerBlock = 3000): KnownBlock[] {
  const elements: MrkdwnElement[] = safeTexts.map((t) =>
    mrkdwnText(t, Math.min(LIMITS.textObject, charsPerBlock)),
  );
  return groupBy(elements, (e) => e.text.length, LIMITS.contextElements, charsPerBlock).map((group) => ({
    type: 'context',
    elements: group,
  }));
}

/** Keeps at most `max` blocks; the last kept block says how many were left out. */
export function capBlocks(blocks: KnownBlock[], max: number = LIMITS.blocksPerMessage): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const omitted = blocks.length - max + 1;
  return [...blocks.slice(0, max - 1), ...contextBlocks([`_…${omitted} more blocks not shown._`])];
}

/** Characters a block contributes to Slack's per-message budget: every string in it. */
export function blockChars(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) return value.reduce((sum: number, v) => sum + blockChars(v), 0);
  if (value && typeof value === 'object') return blockChars(Object.values(value));
  return 0;
}

export interface SplitOptions {
  maxBlocks?: number;
  maxChars?: number;
}

/** A header travels with the block after it, so no message ends on a header. */
function keepHeadersWithContent(blocks: KnownBlock[]): KnownBlock[][] {
  const units: KnownBlock[][] = [];
  let pending: KnownBlock[] = [];
  for (const block of blocks) {
    pending.push(block);
    if (block.type !== 'header' || pending.length >= 2) {
      units.push(pending);
      pending = [];
    }
  }
  if (pending.length > 0) units.push(pending);
  return units;
}

function isDivider(block: KnownBlock | undefined): boolean {
  return block?.type === 'divider';
}

function withoutEdgeDividers(blocks: KnownBlock[]): KnownBlock[] {
  let start = 0;
  let end = blocks.length;
  while (start < end && isDivider(blocks[start])) start++;
  while (end > start && isDivider(blocks[end - 1])) end--;
  return blocks.slice(start, end);
}

/**
 * Splits a block list into messages of at most `maxBlocks` blocks and `maxChars` chars (a single
 * block larger than `maxChars` gets a message of its own). The defaults leave room for 5 blocks of
 * approval controls. No message ends on a header or starts or ends with a divider.
 */
export function splitIntoMessages(blocks: KnownBlock[], options: SplitOptions = {}): KnownBlock[][] {
  const maxBlocks = options.maxBlocks ?? LIMITS.targetBlocksPerMessage;
  const maxChars = options.maxChars ?? LIMITS.targetBlockChars;
  const units = maxBlocks >= 2 ? keepHeadersWithContent(blocks) : blocks.map((b) => [b]);
  const messages: KnownBlock[][] = [];
  let current: KnownBlock[] = [];
  let chars = 0;
  for (const unit of units) {
    const unitChars = blockChars(unit);
    if (current.length > 0 && (current.length + unit.length > maxBlocks || chars + unitChars > maxChars)) {
      messages.push(current);
      current = [];
      chars = 0;
    }
    current.push(...unit);
    chars += unitChars;
  }
  messages.push(current);
  return messages.map(withoutEdgeDividers).filter((message) => message.length > 0);
}
