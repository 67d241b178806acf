import { describe, expect, it } from 'vitest';
import { type BulkItem, rolesWaiting, waitingForRole } from '../../src/approval/bulk.ts';
import type { DecisionRecord } from '../../src/approval/decisions.ts';

const HASH = 'a'.repeat(64);

function item(
  key: string,
  status: BulkItem['state']['status'],
  openRoles: string[],
  decisions: Partial<DecisionRecord>[] = [],
): BulkItem & { key: string } {
  return {
    key,
    current: { key, contentHash: HASH, version: 1 },
    decisions: decisions.map((d) => ({
      planId: 'p',
      itemKey: key,
      version: 1,
      contentHash: HASH,
      userId: 'U0X',
      role: 'SME',
      decision: 'approve',
      reason: null,
      createdAt: '2026-11-20T10:00:00.000Z',
      ...d,
    })),
    state: { status, approvedBy: [], openRoles },
  };
}

const ITEMS = [
  item('scorecard', 'pending', ['SRE lead', 'CTO']),
  item('gating', 'pending', ['CTO'], [{ userId: 'U0SRE', role: 'SRE lead' }]),
  item('timeline', 'approved', []),
  item('exit', 'changes_requested', ['SRE lead']),
  item('writeback', 'pending', ['SRE lead', 'SME']),
];

describe('waitingForRole', () => {
  it.each([
    ['SRE lead', undefined, ['scorecard', 'writeback']],
    ['CTO', undefined, ['scorecard', 'gating']],
    ['SME', undefined, ['writeback']],
    ['Legal', undefined, []],
    // U0SRE already decided on gating: it is left out for them, whatever the role.
    ['CTO', 'U0SRE', ['scorecard']],
    ['CTO', 'U0OTHER', ['scorecard', 'gating']],
  ])('%s (for %s) → %j', (role, userId, keys) => {
    expect(waitingForRole(ITEMS, role, userId).map((i) => i.key)).toEqual(keys);
  });

  it('counts only decisions on the current content', () => {
    const old = item('gating', 'pending', ['CTO'], [{ userId: 'U0SRE', contentHash: 'b'.repeat(64) }]);
    expect(waitingForRole([old], 'CTO', 'U0SRE')).toHaveLength(1);
  });
});

describe('rolesWaiting', () => {
  it('lists each role with a pending item once, in first-needed order; held and approved items add none', () => {
    expect(rolesWaiting(ITEMS)).toEqual(['SRE lead', 'CTO', 'SME']);
    expect(rolesWaiting([ITEMS[2]!, ITEMS[3]!])).toEqual([]);
  });
});
