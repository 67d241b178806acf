import { AppError } from '../errors.ts';
import type { OverallStatus } from '../plan/schema.ts';
import type { DecisionRecord } from '../store/port.ts';

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
export function staleItems(
  previousHashes: Readonly<Record<string, string>>,
  currentHashes: Readonly<Record<string, string>>,
): string[] {
  return Object.keys(currentHashes).filter(
    (key) => Object.hasOwn(previousHashes, key) && previousHashes[key] !== currentHashes[key],
  );
}

/** For each item of the latest version: the first version of the unbroken run with its current hash. */
export function contentSinceVersions(
  history: readonly { version: number; hashes: Readonly<Record<string, string>> }[],
): Record<string, number> {
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

/** The plan's lifecycle, beside the store's generation status. */
export const PLAN_PHASES = ['drafting', 'ready', 'approved', 'on_hold', 'revising', 'failed'] as const;
export type PlanPhase = (typeof PLAN_PHASES)[number];

export const PLAN_EVENTS = [
  'sections_complete',
  'drafting_failed',
  'retry',
  'all_approved',
  'changes_requested',
  'feedback',
  'revised',
  'revision_failed',
] as const;
export type PlanEvent = (typeof PLAN_EVENTS)[number];

/**
 * Every valid transition; anything else is rejected. Feedback (a thread reply or the Request
 * changes modal) may revise a plan that is ready, held or even approved; a failed revision leaves
 * the plan on hold, since feedback it has not addressed is outstanding. Feedback while drafting
 * or revising is not a transition: the caller queues or refuses it.
 */
const TRANSITIONS: Readonly<Record<PlanPhase, Partial<Record<PlanEvent, PlanPhase>>>> = {
  drafting: { sections_complete: 'ready', drafting_failed: 'failed' },
  failed: { retry: 'drafting' },
  ready: { all_approved: 'approved', changes_requested: 'on_hold', feedback: 'revising' },
  approved: { changes_requested: 'on_hold', feedback: 'revising' },
  on_hold: { feedback: 'revising' },
  revising: { revised: 'ready', revision_failed: 'on_hold' },
};

export class PlanTransitionError extends AppError {
  readonly from: PlanPhase;
  readonly event: PlanEvent;
  constructor(from: PlanPhase, event: PlanEvent) {
    super('invalid_transition', `A plan that is ${from} cannot take the event ${event}.`);
    this.from = from;
    this.event = event;
  }
}

export function canTransition(phase: PlanPhase, event: PlanEvent): boolean {
  return TRANSITIONS[phase][event] !== undefined;
}

/** Pure lifecycle step: the next phase, or PlanTransitionError for an event the phase does not take. */
export function transition(phase: PlanPhase, event: PlanEvent): PlanPhase {
  const next = TRANSITIONS[phase][event];
  if (next === undefined) throw new PlanTransitionError(phase, event);
  return next;
}

/**
 * The event to fire after decisions change the plan's colour (after a decision, or after
 * `revised`), or undefined when the phase already matches it.
 */
export function eventForColour(phase: PlanPhase, colour: OverallStatus): PlanEvent | undefined {
  if (colour === 'red' && canTransition(phase, 'changes_requested')) return 'changes_requested';
  if (colour === 'green' && canTransition(phase, 'all_approved')) return 'all_approved';
  return undefined;
}
