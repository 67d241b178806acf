import { compareHashes, DEFAULT_LINE_LIMITS, type LineChange, lineChanges } from '../plan/diff.ts';
import type { DecisionRecord } from './decisions.ts';
import { hashesOf, type PlanItem, type VersionHashes } from './items.ts';
import { dismissedDecisions, staleItems } from './state.ts';

/** What a new version changed, item by item, and whose decisions no longer count. */
export interface ItemChanges {
  before: Record<string, string>;
  after: Record<string, string>;
  /**
   * Items in both versions whose content hash changed: they are shown again, and their approvals
   * no longer count (as GitHub dismisses stale reviews).
   */
  changed: string[];
  added: string[];
  removed: string[];
  /** For each changed item, the decisions that counted for its previous content. */
  dismissed: Map<string, DecisionRecord[]>;
}

export function itemChanges(
  beforeItems: readonly PlanItem[],
  afterItems: readonly PlanItem[],
  history: readonly VersionHashes[],
  decisions: readonly DecisionRecord[],
): ItemChanges {
  const before = hashesOf(beforeItems);
  const after = hashesOf(afterItems);
  const { added, removed } = compareHashes(before, after);
  const changed = staleItems(before, after);
  return {
    before,
    after,
    changed,
    added,
    removed,
    dismissed: dismissedDecisions(decisions, changed, before, history),
  };
}

export interface ItemLineChanges {
  title: string;
  lines: LineChange[];
  omitted: number;
}

/** Before → after of the changed items' lines, for people to see what a revision did. */
export function changedLines(
  beforeItems: readonly PlanItem[],
  afterItems: readonly PlanItem[],
  changedKeys: readonly string[],
): ItemLineChanges[] {
  return changedKeys.flatMap((key) => {
    const before = beforeItems.find((i) => i.key === key);
    const after = afterItems.find((i) => i.key === key);
    if (!before || !after) return [];
    const diff = lineChanges(diffableContent(before), diffableContent(after), DEFAULT_LINE_LIMITS);
    if (key === 'writeback' && diff.changes.length === 0) return [];
    return [{ title: after.title, lines: diff.changes, omitted: diff.omitted }];
  });
}

/** The writeback overview lists its drafts, whose own changes are shown item by item. */
function diffableContent(item: PlanItem): unknown {
  if (item.key !== 'writeback' || typeof item.content !== 'object' || item.content === null) {
    return item.content;
  }
  return Object.fromEntries(Object.entries(item.content).filter(([key]) => key !== 'drafts'));
}

/** An item's title in a list of items, or its key when it is not there. */
export function titleIn(items: readonly PlanItem[], key: string): string {
  return items.find((i) => i.key === key)?.title ?? key;
}
