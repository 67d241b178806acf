import type { PlanApprovals } from '../../approval/approvals.ts';
import type { UsergroupMembers } from '../../approval/policy.ts';
import {
  clockItems,
  EMPTY_TIMEOUT_STATE,
  hasTimeouts,
  nextDueAt,
  syncClocks,
  type TimeoutState,
  type Timeouts,
  type WaitingPair,
  waitingPairs,
} from '../../approval/timeouts.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { ServiceDeps } from '../deps.ts';
import { loadApprovals } from './load.ts';

type ClockDeps = Pick<ServiceDeps, 'store' | 'policy' | 'clock'>;

/**
 * Brings the plan's clocks up to date with its items (a new or changed item starts a fresh clock)
 * and marks the plan due now, so the scheduler works out its next time with the approvers as they
 * stand. Called when a plan becomes ready and after a revision; a no-op without `timeouts:`.
 */
export async function trackTimeouts(deps: ClockDeps, planId: string): Promise<void> {
  if (!hasTimeouts(deps.policy.timeouts)) return;
  const now = deps.clock.now().getTime();
  await deps.store.withPlanTransaction(planId, async (store) => {
    const plan = await store.getPlan(planId);
    if (plan?.status !== 'ready' || plan.expiredAt) return;
    const approvals = await loadApprovals({ ...deps, store }, plan);
    const stored = await store.getTimeouts(planId);
    const state = syncClocks(stored?.state ?? EMPTY_TIMEOUT_STATE, clockItems(approvals.items), now);
    await store.saveTimeouts(planId, state, now);
  });
}

/** A plan's timeouts as they stand now: what is waiting, on which clocks. */
export interface TimeoutSnapshot {
  plan: PlanRecord;
  approvals: PlanApprovals;
  timeouts: Timeouts;
  state: TimeoutState;
  waiting: WaitingPair[];
}

/**
 * Inside the plan's lock: re-reads the plan, syncs its clocks, lets `change` record what was done,
 * and saves the state with its next due time (null once there is nothing left to wait for).
 * Undefined when the plan has nothing to time out (gone, not ready, expired, or no policy timeouts).
 */
export async function settleTimeouts(
  deps: ClockDeps,
  planId: string,
  members: UsergroupMembers,
  change: (state: TimeoutState, waiting: readonly WaitingPair[]) => TimeoutState = (state) => state,
): Promise<TimeoutSnapshot | undefined> {
  const { timeouts } = deps.policy;
  const now = deps.clock.now().getTime();
  return deps.store.withPlanTransaction(planId, async (store) => {
    const plan = await store.getPlan(planId);
    const stored = await store.getTimeouts(planId);
    if (plan?.status !== 'ready' || plan.expiredAt || !hasTimeouts(timeouts)) {
      if (stored) await store.saveTimeouts(planId, stored.state, null);
      return undefined;
    }
    const approvals = await loadApprovals({ ...deps, store }, plan);
    const synced = syncClocks(stored?.state ?? EMPTY_TIMEOUT_STATE, clockItems(approvals.items), now);
    const waiting = waitingPairs(plan.requesterId, approvals.items, deps.policy, members);
    const state = change(synced, waiting);
    await store.saveTimeouts(planId, state, nextDueAt(state, waiting, timeouts));
    return { plan, approvals, timeouts, state, waiting };
  });
}
