import type { ItemApproval } from './approvals.ts';
import { currentDecisions } from './state.ts';

/** What "Approve all as ROLE" needs of an item: its state and the decisions on it. */
export type BulkItem = Pick<ItemApproval, 'current' | 'decisions' | 'state'>;

/**
 * The items still waiting for `role`: pending (not approved, not on hold) with that role open.
 * With `userId`, items that person already decided on (this content) are left out: one person
 * counts for one role per item, so they cannot approve those again.
 */
export function waitingForRole<T extends BulkItem>(items: readonly T[], role: string, userId?: string): T[] {
  return items.filter(
    (i) =>
      i.state.status === 'pending' &&
      i.state.openRoles.includes(role) &&
      (userId === undefined || !currentDecisions(i.decisions, i.current).some((d) => d.userId === userId)),
  );
}

/** The roles that still have items waiting for them, in the order the items first need them. */
export function rolesWaiting(items: readonly BulkItem[]): string[] {
  const roles: string[] = [];
  for (const item of items) {
    if (item.state.status !== 'pending') continue;
    for (const role of item.state.openRoles) if (!roles.includes(role)) roles.push(role);
  }
  return roles;
}
