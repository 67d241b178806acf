import { describe, expect, it } from 'vitest';
import type { DecisionKind, DecisionRecord } from '../../src/approval/decisions.ts';
import {
  contentSinceVersions,
  currentDecisions,
  type ItemStatus,
  itemState,
  planState,
  staleItems,
} from '../../src/approval/state.ts';

const REQUIRED = ['SRE lead', 'CTO'];

function decision(
  userId: string,
  role: string,
  at: string,
  kind: DecisionKind = 'approve',
  item: { key?: string; hash?: string; version?: number } = {},
): DecisionRecord {
  return {
    planId: 'p1',
    itemKey: item.key ?? 'gating',
    version: item.version ?? 1,
    contentHash: item.hash ?? 'h1',
    userId,
    role,
    decision: kind,
    reason: kind === 'request_changes' ? 'needs a rollback owner' : null,
    createdAt: `2026-11-20T10:00:0${at}Z`,
  };
}

describe('itemState', () => {
  it.each<[string, string[], DecisionRecord[], ItemStatus, string[]]>([
    ['no decisions yet', REQUIRED, [], 'pending', REQUIRED],
    ['one of two roles approved', REQUIRED, [decision('U1', 'CTO', '1')], 'pending', ['SRE lead']],
    [
      'the last approval makes it approved',
      REQUIRED,
      [decision('U1', 'CTO', '1'), decision('U2', 'SRE lead', '2')],
      'approved',
      [],
    ],
    [
      'one person cannot fill two roles',
      REQUIRED,
      [decision('U1', 'CTO', '1'), decision('U1', 'SRE lead', '2')],
      'pending',
      ['SRE lead'],
    ],
    [
      'a role not required does not count',
      REQUIRED,
      [decision('U1', 'SME', '1'), decision('U2', 'CTO', '2')],
      'pending',
      ['SRE lead'],
    ],
    [
      'a second approval for a filled role adds nothing',
      ['CTO'],
      [decision('U1', 'CTO', '1'), decision('U2', 'CTO', '2')],
      'approved',
      [],
    ],
    [
      'request changes holds it',
      REQUIRED,
      [decision('U1', 'CTO', '1'), decision('U2', 'SRE lead', '2', 'request_changes')],
      'changes_requested',
      ['SRE lead'],
    ],
    [
      'request changes holds even an approved item',
      ['CTO'],
      [decision('U1', 'CTO', '1'), decision('U2', 'requester', '2', 'request_changes')],
      'changes_requested',
      [],
    ],
    ['no required roles (no policy): never approved', [], [], 'pending', []],
  ])('%s', (_name, required, decisions, status, openRoles) => {
    const state = itemState(required, decisions);
    expect(state.status).toBe(status);
    expect(state.openRoles).toEqual(openRoles);
  });

  it('reports who approved as which role, earliest first, whatever the input order', () => {
    const state = itemState(REQUIRED, [
      decision('U2', 'SRE lead', '3'),
      decision('U1', 'CTO', '1'),
      decision('U3', 'CTO', '2'),
    ]);
    expect(state.approvedBy).toEqual([
      { role: 'CTO', userId: 'U1', at: '2026-11-20T10:00:01Z' },
      { role: 'SRE lead', userId: 'U2', at: '2026-11-20T10:00:03Z' },
    ]);
  });

  it('reports the latest request for changes', () => {
    const state = itemState(REQUIRED, [
      decision('U1', 'CTO', '1', 'request_changes'),
      decision('U2', 'SRE lead', '2', 'request_changes'),
    ]);
    expect(state.changesRequestedBy).toEqual({
      userId: 'U2',
      reason: 'needs a rollback owner',
      at: '2026-11-20T10:00:02Z',
    });
  });
});

describe('currentDecisions', () => {
  it('keeps only decisions on this item, this content, since this content appeared', () => {
    const kept = decision('U1', 'CTO', '1', 'approve', { hash: 'h2', version: 3 });
    const all = [
      kept,
      decision('U2', 'CTO', '2', 'approve', { hash: 'h1', version: 2 }),
      decision('U3', 'CTO', '3', 'approve', { hash: 'h2', version: 1 }),
      decision('U4', 'CTO', '4', 'approve', { key: 'exit', hash: 'h2', version: 3 }),
    ];
    expect(currentDecisions(all, { key: 'gating', contentHash: 'h2', version: 3 })).toEqual([kept]);
  });
});

describe('planState', () => {
  it.each<[string, ItemStatus[], 'green' | 'yellow' | 'red']>([
    ['no items yet', [], 'yellow'],
    ['approvals pending', ['approved', 'pending'], 'yellow'],
    ['every item approved', ['approved', 'approved'], 'green'],
    ['changes requested on any item', ['approved', 'changes_requested', 'pending'], 'red'],
  ])('%s → %s', (_name, statuses, expected) => {
    expect(planState(statuses.map((status) => ({ status })))).toBe(expected);
  });

  it('turns green on the last approval and red on a request for changes', () => {
    const scorecard = itemState(['SME'], [decision('U1', 'SME', '1')]);
    const pending = itemState(REQUIRED, [decision('U2', 'CTO', '2')]);
    expect(planState([scorecard, pending])).toBe('yellow');
    const last = itemState(REQUIRED, [decision('U2', 'CTO', '2'), decision('U3', 'SRE lead', '3')]);
    expect(planState([scorecard, last])).toBe('green');
    const held = itemState(REQUIRED, [
      decision('U2', 'CTO', '2'),
      decision('U3', 'SRE lead', '3', 'request_changes'),
    ]);
    expect(planState([scorecard, held])).toBe('red');
  });
});

describe('staleItems', () => {
  it('names the items whose content changed, not new, removed or unchanged ones', () => {
    const previous = { scorecard: 'a', gating: 'b', 'writeback:x': 'c', 'writeback:gone': 'd' };
    const current = { scorecard: 'a', gating: 'B', 'writeback:x': 'C', 'writeback:new': 'e' };
    expect(staleItems(previous, current)).toEqual(['gating', 'writeback:x']);
  });
});

describe('contentSinceVersions', () => {
  it('finds, per item, the first version of its current content', () => {
    const history: { version: number; hashes: Record<string, string> }[] = [
      { version: 3, hashes: { scorecard: 'a', gating: 'b1', exit: 'x', 'writeback:n': 'n' } },
      { version: 1, hashes: { scorecard: 'a', gating: 'b1', exit: 'x' } },
      { version: 2, hashes: { scorecard: 'a', gating: 'b2', exit: 'x' } },
    ];
    expect(contentSinceVersions(history)).toEqual({ scorecard: 1, gating: 3, exit: 1, 'writeback:n': 3 });
  });

  it('is empty without history', () => {
    expect(contentSinceVersions([])).toEqual({});
  });
});
