import { contentHash } from '../plan/hash.ts';
import { SECTION_TITLES, type SectionKey, WritebackSection } from '../plan/schema.ts';
import { contentSinceVersions, currentDecisions } from '../review/state.ts';
import { draftItemKeys } from '../slack/blocks/section-message.ts';
import type { DecisionRecord, SectionRecord, Store } from '../store/port.ts';

/**
 * The approvable items of a plan version: each section, and each draft of the writeback bundle.
 * A section item's hash is its stored section hash; a draft's is the hash of the draft alone, so
 * one changed draft does not reset the approvals of the others.
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
  return drafts.map((draft, i) => ({
    key: keys[i] ?? `writeback:draft-${i}`,
    section: 'writeback' as const,
    title: `Draft: ${draft.title}`,
    hash: contentHash(draft),
    content: draft,
  }));
}

export function hashesOf(items: readonly PlanItem[]): Record<string, string> {
  return Object.fromEntries(items.map((i) => [i.key, i.hash]));
}

/** Every version's item hashes, oldest first: what contentSinceVersions needs. */
export async function itemHistory(
  store: Pick<Store, 'listSections'>,
  planId: string,
  upToVersion: number,
): Promise<{ version: number; hashes: Record<string, string> }[]> {
  const history = [];
  for (let version = 1; version <= upToVersion; version++) {
    const sections = await store.listSections(planId, version);
    if (sections.length > 0) history.push({ version, hashes: hashesOf(planItems(sections)) });
  }
  return history;
}

/** For each stale item: the decisions that counted for its previous content and now do not. */
export function dismissedDecisions(
  decisions: readonly DecisionRecord[],
  staleKeys: readonly string[],
  previousHashes: Readonly<Record<string, string>>,
  history: readonly { version: number; hashes: Readonly<Record<string, string>> }[],
): Map<string, DecisionRecord[]> {
  const since = contentSinceVersions(history);
  const dismissed = new Map<string, DecisionRecord[]>();
  for (const key of staleKeys) {
    const hash = previousHashes[key];
    const version = since[key];
    if (hash === undefined || version === undefined) continue;
    dismissed.set(key, currentDecisions(decisions, { key, contentHash: hash, version }));
  }
  return dismissed;
}
