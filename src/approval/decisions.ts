export const DECISION_KINDS = ['approve', 'request_changes'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * A person's decision on one item: tied to the content they saw (hash) and the version since which
 * the item has had it. One per (plan, item, content hash, version, user).
 */
export interface DecisionRecord {
  planId: string;
  itemKey: string;
  version: number;
  contentHash: string;
  userId: string;
  role: string;
  decision: DecisionKind;
  reason: string | null;
  createdAt: string;
}
