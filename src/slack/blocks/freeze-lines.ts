import type { FreezeOccurrence, TargetWindow } from '../../approval/freezes.ts';
import { escShort } from './kit.ts';
import { slackDateToken } from './slack-date.ts';

/**
 * Freeze windows in words. Times are Slack date tokens, so each reader sees them in their own time
 * zone; the fallback (clients that cannot render a token) is the time in the window's own zone.
 */
export function slackTime(at: Date, timezone: string, zoneInFallback = false): string {
  return slackDateToken(at, `${zonedTime(at, timezone)}${zoneInFallback ? ` ${timezone}` : ''}`);
}

/** "Dec 15, 2026, 00:00" in the zone (UTC when the zone is unknown to this runtime). */
export function zonedTime(at: Date, timezone: string): string {
  const options: Intl.DateTimeFormatOptions = {
    month: 'short',
    day: 'numeric',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  };
  try {
    return new Intl.DateTimeFormat('en-US', { ...options, timeZone: timezone }).format(at);
  } catch {
    return `${new Intl.DateTimeFormat('en-US', { ...options, timeZone: 'UTC' }).format(at)} UTC`;
  }
}

/** "<start> – <end> (Europe/Berlin)": the end is the first instant after the freeze. */
export function freezeRange(occurrence: FreezeOccurrence): string {
  const zone = occurrence.window.timezone;
  return `${slackTime(occurrence.start, zone)} – ${slackTime(occurrence.end, zone)} (${escShort(zone)})`;
}

/** "⛔ Overlaps *Year-end freeze*, Dec 15 – Jan 5 (Europe/Berlin) — “CTO” must approve …". */
export function overlapLine(occurrence: FreezeOccurrence): string {
  const role = occurrence.window.exceptionRole;
  const consequence =
    role === undefined
      ? 'it has no exception role, so the plan stays yellow: move the target window'
      : `“${escShort(role)}” must approve every item as the freeze exception`;
  return `⛔ Overlaps *${escShort(occurrence.window.name)}*, ${freezeRange(occurrence)} — ${consequence}`;
}

export function nextFreezeLine(occurrence: FreezeOccurrence): string {
  return `🧊 Next freeze for this risk class: *${escShort(occurrence.window.name)}*, ${freezeRange(occurrence)}`;
}

export function targetLine(target: TargetWindow): string {
  const start = slackTime(target.start, 'UTC', true);
  return target.end
    ? `🎯 *Target window:* ${start} – ${slackTime(target.end, 'UTC', true)}`
    : `🎯 *Target:* ${start}`;
}

export interface FreezeNoticeView {
  target?: TargetWindow | undefined;
  /** The applicable freezes the target window overlaps. */
  overlaps: readonly FreezeOccurrence[];
  /** Without a target window: the next freeze ahead that applies. */
  next?: FreezeOccurrence | undefined;
}

const MAX_OVERLAPS_SHOWN = 5;

/** What a plan shows about freezes (root message, scorecard); undefined when there is nothing to say. */
export function freezeNotice(view: FreezeNoticeView): string | undefined {
  const lines: string[] = [];
  if (view.target) lines.push(targetLine(view.target));
  lines.push(...view.overlaps.slice(0, MAX_OVERLAPS_SHOWN).map(overlapLine));
  if (view.overlaps.length > MAX_OVERLAPS_SHOWN) {
    lines.push(`_…and ${view.overlaps.length - MAX_OVERLAPS_SHOWN} more freezes in the target window._`);
  }
  if (view.target && view.overlaps.length === 0)
    lines.push('✅ No freeze for this risk class in the target window.');
  if (!view.target && view.next) lines.push(nextFreezeLine(view.next));
  return lines.length > 0 ? lines.join('\n') : undefined;
}
