import type { Violation } from './catalog.ts';
import type { Args } from './wire.ts';

export interface CallResponse {
  status: number;
  ok: boolean;
  error?: string;
}

export interface RecordedCall {
  method: string;
  /** Form fields with the JSON-string ones (blocks, view, …) parsed back; token left out. */
  args: Args;
  /** Arrival time, ms. */
  at: number;
  /** Request body size. */
  bytes: number;
  token: string | undefined;
  /** Set once the fake has answered (a stalled call has none yet). */
  response?: CallResponse;
}

const RECENT = 5;
const ARG_PREVIEW = 120;

/** One paragraph for a timeout message: counts per method, failures, violations, the last calls. */
export function summarizeCalls(calls: readonly RecordedCall[], violations: readonly Violation[]): string {
  if (calls.length === 0) return 'No Slack Web API calls were made.';
  const lines = [`${calls.length} Slack Web API call(s): ${countsByMethod(calls)}.`];
  if (violations.length > 0) {
    lines.push(`Violations: ${violations.map((v) => `${v.method} (${v.error}: ${v.detail})`).join('; ')}.`);
  }
  lines.push(`Last ${Math.min(RECENT, calls.length)}:`, ...calls.slice(-RECENT).map(describeCall));
  return lines.join('\n');
}

function countsByMethod(calls: readonly RecordedCall[]): string {
  const counts = new Map<string, { total: number; failed: string[] }>();
  for (const call of calls) {
    const entry = counts.get(call.method) ?? { total: 0, failed: [] };
    entry.total += 1;
    if (call.response && !call.response.ok)
      entry.failed.push(call.response.error ?? String(call.response.status));
    counts.set(call.method, entry);
  }
  return [...counts]
    .map(
      ([method, { total, failed }]) =>
        `${method} ×${total}${failed.length ? ` (failed: ${failed.join(', ')})` : ''}`,
    )
    .join(', ');
}

function describeCall(call: RecordedCall): string {
  const outcome = !call.response
    ? 'pending'
    : call.response.ok
      ? 'ok'
      : `${call.response.status} ${call.response.error ?? ''}`.trim();
  const args = JSON.stringify(call.args);
  const preview = args.length > ARG_PREVIEW ? `${args.slice(0, ARG_PREVIEW)}…` : args;
  return `  ${call.method} → ${outcome} ${preview}`;
}
