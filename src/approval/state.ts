import type { OverallStatus } from '../plan/schema.ts';
import type { DecisionRecord } from './decisions.ts';
import type { ItemHashes, VersionHashes } from './items.ts';

/**
 * An item as it stands now. `version` is the plan version since which the item has had this
 * content hash (see contentSinceVersions): an unchanged item keeps its message, its button values
 * and its approvals across revisions, while content that changed and later changed back does not
 * revive the approvals given to it before.
 */
export interface CurrentItem {
  key: string;
  contentHash: string;
  version: number;
}

/** The decisions that count for an item: same key, same content, given since that content appeared. */
export function currentDecisions(decisions: readonly DecisionRecord[], item: CurrentItem): DecisionRecord[] {
  return decisions.filter(
    (d) => d.itemKey === item.key && d.contentHash === item.contentHash && d.version >= item.version,
  );
}

export type ItemStatus = 'pending' | 'approved' | 'changes_requested';

export interface ItemState {
  status: ItemStatus;
  /** One approval per required role and one role per person, earliest first. */
  approvedBy: { role: string; userId: string; at: string }[];
  /** Required roles still without an approval, in required order. */
  openRoles: string[];
  changesRequestedBy?: { userId: string; reason: string | null; at: string };
}

/**
 * State of one item from the decisions on its current content (currentDecisions). An item with
 * no required roles (no policy file) stays pending: the approval gate fails closed.
 */
export function itemState(requiredRoles: readonly string[], decisions: readonly DecisionRecord[]): ItemState {
  const byTime = [...decisions].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const approvedBy: ItemState['approvedBy'] = [];
  for (const d of byTime) {
    if (d.decision !== 'approve' || !requiredRoles.includes(d.role)) continue;
    if (approvedBy.some((a) => a.role === d.role || a.userId === d.userId)) continue;
    approvedBy.push({ role: d.role, userId: d.userId, at: d.createdAt });
  }
  const openRoles = requiredRoles.filter((role) => !approvedBy.some((a) => a.role === role));
  const request = byTime.findLast((d) => d.decision === 'request_changes');
  const base = { approvedBy, openRoles };
  if (request) {
    return {
      ...base,
      status: 'changes_requested',
      changesRequestedBy: { userId: request.userId, reason: request.reason, at: request.createdAt },
    };
  }
  const approved = requiredRoles.length > 0 && openRoles.length === 0;
  return { ...base, status: approved ? 'approved' : 'pending' };
}

/** Red if any current item has changes requested; green when every item is approved; else yellow. */
export function planState(items: readonly Pick<ItemState, 'status'>[]): OverallStatus {
  if (items.some((i) => i.status === 'changes_requested')) return 'red';
  if (items.length > 0 && items.every((i) => i.status === 'approved')) return 'green';
  return 'yellow';
}

/**
 * Keys of items present in both versions whose content hash changed: their approvals no longer
 * count (as GitHub dismisses stale reviews). New items have nothing to reset; removed items are gone.
 */
export function staleItems(previousHashes: ItemHashes, currentHashes: ItemHashes): string[] {
  return Object.keys(currentHashes).filter(
    (key) => Object.hasOwn(previousHashes, key) && previousHashes[key] !== currentHashes[key],
  );
}

/** For each item of the latest version: the first version of the unbroken run with its current hash. */
export function contentSinceVersions(history: readonly VersionHashes[]): Record<string, number> {
  const versions = [...history].sort((a, b) => b.version - a.version);
  const latest = versions[0];
  if (!latest) return {};
  const since: Record<string, number> = {};
  for (const [key, hash] of Object.entries(latest.hashes)) {
    let first = latest.version;
    for (const older of versions.slice(1)) {
      if (older.hashes[key] !== hash) break;
      first = older.version;
    }
    since[key] = first;
  }
  return since;
}

/** For each stale item: the decisions that counted for its previous content and now do not. */
export function dismissedDecisions(
  decisions: readonly DecisionRecord[],
  staleKeys: readonly string[],
  previousHashes: ItemHashes,
  history: readonly VersionHashes[],
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
