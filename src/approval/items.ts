import { contentHash } from '../plan/hash.ts';
import type { SectionRecord } from '../plan/record.ts';
import {
  type DraftItem,
  SECTION_KEYS,
  SECTION_TITLES,
  type SectionKey,
  WritebackSection,
} from '../plan/schema.ts';

/**
 * Item identity, in one place. An item is what people approve: each section ("gating"), and each
 * draft of the writeback bundle ("writeback:<draft id>"). Thread messages, buttons, decisions and
 * revisions all key items the way this module does.
 */
export const DRAFT_ITEM_PREFIX = 'writeback:';

export function isDraftItemKey(itemKey: string): boolean {
  return itemKey.startsWith(DRAFT_ITEM_PREFIX);
}

/** The section an item belongs to: drafts belong to the writeback bundle. */
export function sectionOfItem(itemKey: string): string {
  return isDraftItemKey(itemKey) ? 'writeback' : itemKey;
}

const MAX_KEY_BASE = 60;

function sanitizeDraftId(id: string): string {
  const base = id
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, MAX_KEY_BASE);
  return base === '' ? 'draft' : base;
}

/**
 * Item keys of the writeback drafts, in order: `writeback:<id>` with the id reduced to [a-z0-9-_],
 * made unique with -2, -3… Every keyed draft comes from here, so keys stay stable across versions.
 */
export function draftItemKeys(drafts: readonly Pick<DraftItem, 'id'>[]): string[] {
  const used = new Set<string>();
  return drafts.map((draft) => {
    const base = sanitizeDraftId(draft.id);
    let key = base;
    for (let n = 2; used.has(key); n++) key = `${base}-${n}`;
    used.add(key);
    return `${DRAFT_ITEM_PREFIX}${key}`;
  });
}

/**
 * The approvable items of a plan version. A section item's hash is its stored section hash; a
 * draft's is the hash of the draft alone, so one changed draft does not reset the others' approvals.
 */
export interface PlanItem {
  key: string;
  section: SectionKey;
  title: string;
  hash: string;
  content: unknown;
}

export function planItems(sections: readonly SectionRecord[]): PlanItem[] {
  return sections.flatMap((s) => {
    const item: PlanItem = {
      key: s.key,
      section: s.key,
      title: SECTION_TITLES[s.key],
      hash: s.hash,
      content: s.content,
    };
    return s.key === 'writeback' ? [item, ...draftItems(s.content)] : [item];
  });
}

function draftItems(content: unknown): PlanItem[] {
  const parsed = WritebackSection.safeParse(content);
  const drafts = parsed.success ? parsed.data.drafts : [];
  const keys = draftItemKeys(drafts);
  return drafts.flatMap((draft, i) => {
    const key = keys[i];
    if (key === undefined) return [];
    return [
      {
        key,
        section: 'writeback' as const,
        title: `Draft: ${draft.title}`,
        hash: contentHash(draft),
        content: draft,
      },
    ];
  });
}

export type ItemHashes = Readonly<Record<string, string>>;

/** One version's item hashes; a plan's history is a list of these, oldest first. */
export interface VersionHashes {
  version: number;
  hashes: ItemHashes;
}

export function hashesOf(items: readonly PlanItem[]): Record<string, string> {
  return Object.fromEntries(items.map((i) => [i.key, i.hash]));
}

/** How people see an item named: "3/6 · Change Gating Rules", or "Draft: Jira epic update". */
export function itemTitle(item: Pick<PlanItem, 'key' | 'section' | 'title'>): string {
  if (isDraftItemKey(item.key)) return item.title;
  return `${SECTION_KEYS.indexOf(item.section) + 1}/${SECTION_KEYS.length} · ${item.title}`;
}
