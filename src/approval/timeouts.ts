import { z } from 'zod';
import { type BulkItem, waitingForRole } from './bulk.ts';
import { holdersOf, type UsergroupMembers } from './policy.ts';
import type { Policy } from './roles.ts';

/** The policy's `timeouts:` section in milliseconds; every field optional. */
export interface Timeouts {
  /** First reminder to the holders of a role still pending. */
  remindAfterMs?: number;
  /** Then again at this interval (alone: the first reminder comes after it too). */
  remindEveryMs?: number;
  /** When to tell the escalation role, which does not change who may approve. */
  escalation?: { afterMs: number; role: string };
  /** When the plan expires: no more decisions on it. */
  expireAfterMs?: number;
}

export function hasTimeouts(timeouts: Timeouts | undefined): timeouts is Timeouts {
  return (
    timeouts !== undefined &&
    (timeouts.remindAfterMs !== undefined ||
      timeouts.remindEveryMs !== undefined ||
      timeouts.escalation !== undefined ||
      timeouts.expireAfterMs !== undefined)
  );
}

const epochMs = z.number().int().nonnegative();

/** One open item's clock: how long its current content has waited for its approvers. */
const ItemClock = z.object({ hash: z.string(), startedAt: epochMs, escalatedAt: epochMs.nullable() });
export type ItemClock = z.infer<typeof ItemClock>;

/** A plan's clocks and reminders, stored as one document (the row is parsed by this schema). */
export const TimeoutState = z.object({
  clocks: z.record(z.string(), ItemClock),
  /** Item → person → when they were last reminded of it, on this clock. */
  reminded: z.record(z.string(), z.record(z.string(), epochMs)),
});
export type TimeoutState = z.infer<typeof TimeoutState>;

/** What someone deciding on an expired plan is told, privately. */
export const EXPIRED_MESSAGE =
  'This plan’s approval expired, so it takes no more decisions. To go ahead, its requester starts a new plan with /release-plan.';

export const EMPTY_TIMEOUT_STATE: TimeoutState = { clocks: {}, reminded: {} };

/** An item as the clocks see it: its content, and whether it still waits (not yet approved). */
export interface ClockItem {
  key: string;
  hash: string;
  open: boolean;
}

/** A person who can decide an item now (holds an open role, did not request the plan, has not decided). */
export interface WaitingPair {
  itemKey: string;
  userId: string;
}

/**
 * Clocks for the items as they stand: an open item whose content is new (or changed, as a revision
 * that resets its approvals changes it) starts a fresh clock and forgets its reminders and
 * escalation; an approved or removed item has no clock. Pure.
 */
export function syncClocks(state: TimeoutState, items: readonly ClockItem[], now: number): TimeoutState {
  const clocks: TimeoutState['clocks'] = {};
  const reminded: TimeoutState['reminded'] = {};
  for (const item of items) {
    if (!item.open) continue;
    const clock = state.clocks[item.key];
    if (clock && clock.hash === item.hash) {
      clocks[item.key] = clock;
      const marks = state.reminded[item.key];
      if (marks) reminded[item.key] = marks;
    } else {
      clocks[item.key] = { hash: item.hash, startedAt: now, escalatedAt: null };
    }
  }
  return { clocks, reminded };
}

/** When this person should next be reminded of this item; undefined: never again. */
function reminderDue(state: TimeoutState, pair: WaitingPair, timeouts: Timeouts): number | undefined {
  const clock = state.clocks[pair.itemKey];
  if (!clock) return undefined;
  const last = state.reminded[pair.itemKey]?.[pair.userId];
  if (last === undefined) {
    const first = timeouts.remindAfterMs ?? timeouts.remindEveryMs;
    return first === undefined ? undefined : clock.startedAt + first;
  }
  return timeouts.remindEveryMs === undefined ? undefined : last + timeouts.remindEveryMs;
}

function escalationDue(clock: ItemClock, timeouts: Timeouts): number | undefined {
  if (!timeouts.escalation || clock.escalatedAt !== null) return undefined;
  return clock.startedAt + timeouts.escalation.afterMs;
}

/** A plan expires once its newest clock is expire_after old: nothing was touched for that long. */
function expiryDue(state: TimeoutState, timeouts: Timeouts): number | undefined {
  const starts = Object.values(state.clocks).map((c) => c.startedAt);
  if (timeouts.expireAfterMs === undefined || starts.length === 0) return undefined;
  return Math.max(...starts) + timeouts.expireAfterMs;
}

/** The next time the plan needs attention, or null when nothing will ever be due. Pure. */
export function nextDueAt(
  state: TimeoutState,
  waiting: readonly WaitingPair[],
  timeouts: Timeouts,
): number | null {
  const times = [
    ...waiting.map((pair) => reminderDue(state, pair, timeouts)),
    ...Object.values(state.clocks).map((clock) => escalationDue(clock, timeouts)),
    expiryDue(state, timeouts),
  ].filter((t): t is number => t !== undefined);
  return times.length > 0 ? Math.min(...times) : null;
}

export interface DueWork {
  /** Everything due at once: expiry makes reminders and escalation moot. */
  expire: boolean;
  /** People with a reminder due, in the order first waiting. */
  remind: string[];
  /** Open items to escalate: those due, and those due within the grouping window. */
  escalate: string[];
}

/**
 * Items whose times fall this close together are told about together, so one plan's items (posted
 * seconds apart) make one escalation, not one per item: a tenth of the duration, at most a minute.
 */
export function groupingWindowMs(durationMs: number): number {
  return Math.min(60_000, Math.floor(durationMs / 10));
}

/** What is due now. Pure. */
export function dueWork(
  state: TimeoutState,
  waiting: readonly WaitingPair[],
  timeouts: Timeouts,
  now: number,
): DueWork {
  const expiry = expiryDue(state, timeouts);
  if (expiry !== undefined && expiry <= now) return { expire: true, remind: [], escalate: [] };
  const remind = [
    ...new Set(
      waiting.filter((pair) => (reminderDue(state, pair, timeouts) ?? Infinity) <= now).map((p) => p.userId),
    ),
  ];
  const escalate = escalationSet(state, timeouts, now);
  return { expire: false, remind, escalate };
}

function escalationSet(state: TimeoutState, timeouts: Timeouts, now: number): string[] {
  if (!timeouts.escalation) return [];
  const window = groupingWindowMs(timeouts.escalation.afterMs);
  const entries = Object.entries(state.clocks).map(([key, clock]) => ({
    key,
    due: escalationDue(clock, timeouts),
  }));
  if (!entries.some((e) => e.due !== undefined && e.due <= now)) return [];
  return entries.filter((e) => e.due !== undefined && e.due <= now + window).map((e) => e.key);
}

/** Records that these people were reminded of these items now. Pure. */
export function markReminded(state: TimeoutState, pairs: readonly WaitingPair[], now: number): TimeoutState {
  const reminded = { ...state.reminded };
  for (const { itemKey, userId } of pairs) {
    if (!state.clocks[itemKey]) continue;
    reminded[itemKey] = { ...reminded[itemKey], [userId]: now };
  }
  return { ...state, reminded };
}

/** Records that these items were escalated now. Pure. */
export function markEscalated(state: TimeoutState, itemKeys: readonly string[], now: number): TimeoutState {
  const clocks = { ...state.clocks };
  for (const key of itemKeys) {
    const clock = clocks[key];
    if (clock) clocks[key] = { ...clock, escalatedAt: now };
  }
  return { ...state, clocks };
}

/** An item as the reminders see it: its key, where it stands, and the decisions on it. */
export type WaitingItem = BulkItem & { item: { key: string } };

/**
 * Who can decide each item now: holders of a role still open on a pending item, except the plan's
 * requester and anyone who already decided on this content. Pure.
 */
export function waitingPairs(
  requesterId: string,
  items: readonly WaitingItem[],
  policy: Policy,
  members: UsergroupMembers,
): WaitingPair[] {
  const pairs: WaitingPair[] = [];
  for (const item of items) {
    if (item.state.status !== 'pending') continue;
    const people = new Set<string>();
    for (const role of item.state.openRoles) {
      for (const userId of holdersOf(policy, role, members)) {
        if (userId !== requesterId && waitingForRole([item], role, userId).length > 0) people.add(userId);
      }
    }
    for (const userId of people) pairs.push({ itemKey: item.item.key, userId });
  }
  return pairs;
}

/** The clocks' view of the plan's items: approved ones no longer wait. */
export function clockItems(items: readonly (BulkItem & { item: { key: string } })[]): ClockItem[] {
  return items.map((i) => ({
    key: i.item.key,
    hash: i.current.contentHash,
    open: i.state.status !== 'approved',
  }));
}
