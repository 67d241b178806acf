import type { FailureCode } from './model.ts';

/**
 * What a failed model call may try next, once each: `repair` asks again saying why the answer could
 * not be used; `again` repeats a call whose connection dropped mid-answer (drafting continues after
 * the sections already posted); `fallback` moves to the other provider, when the request allows it.
 */
export type RecoveryKind = 'repair' | 'again' | 'fallback';

const PROVIDER_FAULTS: readonly FailureCode[] = ['api_error', 'stalled', 'connection_lost'];

/** The recovery a failure gets, given those already used (each at most once); none: give up. */
export function recoveryFor(
  code: FailureCode,
  used: ReadonlySet<RecoveryKind>,
  fallbackAllowed: boolean,
): RecoveryKind | undefined {
  if (code === 'invalid_output') return used.has('repair') ? undefined : 'repair';
  if (code === 'connection_lost' && !used.has('again')) return 'again';
  if (PROVIDER_FAULTS.includes(code) && fallbackAllowed && !used.has('fallback')) return 'fallback';
  return undefined;
}
