import { describe, expect, it } from 'vitest';
import type { FailureCode } from '../../src/plan/model.ts';
import { type RecoveryKind, recoveryFor } from '../../src/plan/recovery.ts';

describe('recoveryFor', () => {
  it.each<[FailureCode, RecoveryKind[], boolean, RecoveryKind | undefined]>([
    ['invalid_output', [], false, 'repair'],
    ['invalid_output', ['repair'], true, undefined],
    ['connection_lost', [], false, 'again'],
    ['connection_lost', ['again'], false, undefined],
    ['connection_lost', ['again'], true, 'fallback'],
    ['connection_lost', ['again', 'fallback'], true, undefined],
    ['api_error', [], false, undefined],
    ['api_error', [], true, 'fallback'],
    ['stalled', [], true, 'fallback'],
    ['stalled', ['fallback'], true, undefined],
    ['refusal', [], true, undefined],
    ['max_tokens', [], true, undefined],
    ['aborted', [], true, undefined],
    ['internal', [], true, undefined],
  ])('%s after %j (fallback allowed: %s) → %s', (code, used, allowed, expected) => {
    expect(recoveryFor(code, new Set(used), allowed)).toBe(expected);
  });
});
