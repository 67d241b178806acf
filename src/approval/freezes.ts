import { Cron } from 'croner';
import type { RiskClass } from '../plan/schema.ts';

/**
 * Freeze windows: times when changes don't ship (year-end, a launch, a quarter close). They come
 * from the policy file only. Pure: every question is asked with explicit instants; `now` is the
 * caller's (ServiceDeps.clock), never the system clock.
 */
export type FreezeSchedule =
  /** Each occurrence starts at a match of `start` and ends at the next match of `end` after it. */
  | { kind: 'recurring'; start: string; end: string }
  /** One window with fixed instants. */
  | { kind: 'once'; from: Date; until: Date };

export interface FreezeWindow {
  name: string;
  schedule: FreezeSchedule;
  /** IANA zone the cron expressions are read in, and the one the window is described in. */
  timezone: string;
  /** The risk classes it applies to (all three when the policy file lists none). */
  riskClasses: readonly RiskClass[];
  /** The role whose approval lets a plan ship inside the window; without one, nothing can. */
  exceptionRole?: string;
}

/** One occurrence: [start, end), the end exclusive. */
export interface FreezeOccurrence {
  window: FreezeWindow;
  start: Date;
  end: Date;
}

/** The requested target: a start and an optional end (exclusive); no end is the instant itself. */
export interface TargetWindow {
  start: Date;
  end?: Date;
}

/** A recurring window cannot flood a view: at most this many occurrences per question. */
const MAX_OCCURRENCES = 200;
/** How far ahead the next upcoming freeze is looked for. */
export const NEXT_FREEZE_HORIZON_DAYS = 366;
const DAY_MS = 86_400_000;

/** A cron expression of five fields read in `timezone`; throws on a bad pattern or zone. */
export function cronOf(pattern: string, timezone: string): Cron {
  return new Cron(pattern, { timezone, mode: '5-part' });
}

/** The occurrences of one window that overlap [from, to), in time order. */
export function occurrencesIn(window: FreezeWindow, from: Date, to: Date): FreezeOccurrence[] {
  if (to.getTime() <= from.getTime()) return [];
  const { schedule } = window;
  if (schedule.kind === 'once') {
    return overlapsRange(schedule.from, schedule.until, from, to)
      ? [{ window, start: schedule.from, end: schedule.until }]
      : [];
  }
  const starts = cronOf(schedule.start, window.timezone);
  const ends = cronOf(schedule.end, window.timezone);
  const found: FreezeOccurrence[] = [];
  // An occurrence that started before `from` may still be running: begin with the last start before it.
  let start: Date | null = starts.previousRuns(1, from)[0] ?? starts.nextRun(new Date(from.getTime() - 1));
  while (start && start.getTime() < to.getTime() && found.length < MAX_OCCURRENCES) {
    const end = ends.nextRun(start);
    if (!end) break;
    if (end.getTime() > from.getTime()) found.push({ window, start, end });
    start = starts.nextRun(start);
  }
  return found;
}

function overlapsRange(start: Date, end: Date, from: Date, to: Date): boolean {
  return start.getTime() < to.getTime() && end.getTime() > from.getTime();
}

export function appliesTo(window: FreezeWindow, riskClass: RiskClass): boolean {
  return window.riskClasses.includes(riskClass);
}

/** Every occurrence of the windows in [from, to), optionally only those applying to a risk class. */
export function freezesIn(
  windows: readonly FreezeWindow[],
  from: Date,
  to: Date,
  riskClass?: RiskClass,
): FreezeOccurrence[] {
  return windows
    .filter((w) => riskClass === undefined || appliesTo(w, riskClass))
    .flatMap((w) => occurrencesIn(w, from, to))
    .sort((a, b) => a.start.getTime() - b.start.getTime() || a.end.getTime() - b.end.getTime());
}

/** [start, end) of a target; a target without an end is the instant of its start. */
export function targetRange(target: TargetWindow): { from: Date; to: Date } {
  const end = target.end && target.end.getTime() > target.start.getTime() ? target.end : undefined;
  return { from: target.start, to: end ?? new Date(target.start.getTime() + 1) };
}

/** The freezes applying to the plan's risk class that its target window overlaps (ends exclusive). */
export function overlappingFreezes(
  windows: readonly FreezeWindow[],
  target: TargetWindow | undefined,
  riskClass: RiskClass,
): FreezeOccurrence[] {
  if (!target || windows.length === 0) return [];
  const { from, to } = targetRange(target);
  return freezesIn(windows, from, to, riskClass);
}

/** The next freeze applying to the risk class that is running at `now` or starts after it. */
export function nextFreeze(
  windows: readonly FreezeWindow[],
  now: Date,
  riskClass: RiskClass,
): FreezeOccurrence | undefined {
  const horizon = new Date(now.getTime() + NEXT_FREEZE_HORIZON_DAYS * DAY_MS);
  return freezesIn(windows, now, horizon, riskClass)[0];
}

/** The exception roles the overlapping freezes add, each once, in freeze order. */
export function exceptionRoles(overlaps: readonly FreezeOccurrence[]): string[] {
  const roles = overlaps.map((o) => o.window.exceptionRole).filter((r): r is string => r !== undefined);
  return [...new Set(roles)];
}

/** An overlapping freeze without an exception role: nothing but a new target lets the plan ship. */
export function hasUnexceptedFreeze(overlaps: readonly FreezeOccurrence[]): boolean {
  return overlaps.some((o) => o.window.exceptionRole === undefined);
}

/** The plan's target window as instants, when the request has one. */
export function targetOf(request: { target?: { start: string; end?: string | undefined } | undefined }) {
  if (!request.target) return undefined;
  const { start, end } = request.target;
  return {
    start: new Date(start),
    ...(end === undefined ? {} : { end: new Date(end) }),
  } satisfies TargetWindow;
}

/** The timeline's length (three weeks): the period a plan without a target end is checked over. */
export const TIMELINE_DAYS = 21;

/**
 * The freezes the model is told about: those applying to the risk class in the target window, or
 * in the three weeks from its start (from `now` without a target).
 */
export function freezesForPlan(
  windows: readonly FreezeWindow[],
  request: { riskClass: RiskClass; target?: { start: string; end?: string | undefined } | undefined },
  now: Date,
): FreezeOccurrence[] {
  const target = targetOf(request);
  const from = target?.start ?? now;
  const to = target?.end ?? new Date(from.getTime() + TIMELINE_DAYS * DAY_MS);
  return freezesIn(windows, from, to, request.riskClass);
}
