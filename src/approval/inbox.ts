import type { PlanRecord } from '../plan/record.ts';
import type { OverallStatus } from '../plan/schema.ts';
import type { PlanApprovals } from './approvals.ts';
import { waitingForRole } from './bulk.ts';
import { itemTitle } from './items.ts';

/** A plan and its approvals as they stand: what an inbox is computed from. */
export interface InboxPlan {
  plan: Pick<
    PlanRecord,
    'id' | 'requesterId' | 'status' | 'request' | 'channelId' | 'rootTs' | 'updatedAt' | 'expiredAt'
  >;
  approvals: Pick<PlanApprovals, 'items' | 'colour'>;
}

export interface WaitingPlan {
  planId: string;
  title: string;
  channelId: string;
  rootTs: string | null;
  /** When the plan last changed: how long its items have been waiting, at most. */
  since: string;
  /** Items this person can decide now, with the roles they would approve as. */
  items: { itemKey: string; title: string; roles: string[] }[];
}

export interface OwnPlan {
  planId: string;
  title: string;
  status: PlanRecord['status'];
  colour: OverallStatus;
  approved: number;
  total: number;
  channelId: string;
  rootTs: string | null;
}

export interface Inbox {
  waiting: WaitingPlan[];
  mine: OwnPlan[];
}

/**
 * Pure: what waits for `userId` (items of ready plans they did not request, pending for a role they
 * hold, not yet decided by them) and the plans they requested, in the order given.
 */
export function inboxOf(userId: string, rolesHeld: readonly string[], plans: readonly InboxPlan[]): Inbox {
  const waiting: WaitingPlan[] = [];
  const mine: OwnPlan[] = [];
  for (const { plan, approvals } of plans) {
    if (plan.requesterId === userId) {
      mine.push({
        planId: plan.id,
        title: plan.request.title,
        status: plan.status,
        colour: approvals.colour,
        approved: approvals.items.filter((i) => i.state.status === 'approved').length,
        total: approvals.items.length,
        channelId: plan.channelId,
        rootTs: plan.rootTs,
      });
      continue;
    }
    // An expired plan takes no more decisions: nothing in it waits for anyone.
    if (plan.status !== 'ready' || plan.expiredAt) continue;
    const items = approvals.items.flatMap((item) => {
      const roles = rolesHeld.filter((role) => waitingForRole([item], role, userId).length > 0);
      return roles.length > 0 ? [{ itemKey: item.item.key, title: itemTitle(item.item), roles }] : [];
    });
    if (items.length === 0) continue;
    waiting.push({
      planId: plan.id,
      title: plan.request.title,
      channelId: plan.channelId,
      rootTs: plan.rootTs,
      since: plan.updatedAt,
      items,
    });
  }
  return { waiting, mine };
}
