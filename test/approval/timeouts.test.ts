import { describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import {
  clockItems,
  dueWork,
  EMPTY_TIMEOUT_STATE,
  groupingWindowMs,
  markEscalated,
  markReminded,
  nextDueAt,
  syncClocks,
  type TimeoutState,
  type Timeouts,
  type WaitingItem,
  waitingPairs,
} from '../../src/approval/timeouts.ts';

const S = 1_000;
const T0 = 1_800_000_000_000;
const ALL: Timeouts = {
  remindAfterMs: 4 * S,
  remindEveryMs: 10 * S,
  escalation: { afterMs: 20 * S, role: 'CTO' },
  expireAfterMs: 60 * S,
};
const items = (...keys: string[]) => keys.map((key) => ({ key, hash: `h-${key}`, open: true }));
const started = (state: TimeoutState, key: string) => state.clocks[key]?.startedAt;

describe('syncClocks', () => {
  it('starts a clock for each open item, none for approved ones', () => {
    const state = syncClocks(EMPTY_TIMEOUT_STATE, [...items('a'), { key: 'b', hash: 'x', open: false }], T0);
    expect(state.clocks).toEqual({ a: { hash: 'h-a', startedAt: T0, escalatedAt: null } });
  });

  it('keeps the clock and reminders of unchanged content (a revision that left the item alone)', () => {
    const first = markReminded(
      syncClocks(EMPTY_TIMEOUT_STATE, items('a'), T0),
      [{ itemKey: 'a', userId: 'U1' }],
      T0 + 5 * S,
    );
    const again = syncClocks(first, items('a'), T0 + 9 * S);
    expect(started(again, 'a')).toBe(T0);
    expect(again.reminded).toEqual({ a: { U1: T0 + 5 * S } });
  });

  it('restarts the clock of content a revision changed, forgetting its reminders and escalation', () => {
    let state = syncClocks(EMPTY_TIMEOUT_STATE, items('a', 'b'), T0);
    state = markEscalated(
      markReminded(state, [{ itemKey: 'a', userId: 'U1' }], T0 + 5 * S),
      ['a'],
      T0 + 20 * S,
    );
    const revised = syncClocks(
      state,
      [{ key: 'a', hash: 'changed', open: true }, ...items('b')],
      T0 + 30 * S,
    );
    expect(revised.clocks.a).toEqual({ hash: 'changed', startedAt: T0 + 30 * S, escalatedAt: null });
    expect(revised.reminded.a).toBeUndefined();
    expect(started(revised, 'b')).toBe(T0);
  });

  it('drops clocks of items now approved or gone', () => {
    const state = syncClocks(EMPTY_TIMEOUT_STATE, items('a', 'b'), T0);
    expect(Object.keys(syncClocks(state, [{ key: 'a', hash: 'h-a', open: false }], T0 + S).clocks)).toEqual(
      [],
    );
  });
});

describe('nextDueAt and dueWork (an injected clock)', () => {
  const state = syncClocks(EMPTY_TIMEOUT_STATE, items('a', 'b'), T0);
  const waiting = [
    { itemKey: 'a', userId: 'U1' },
    { itemKey: 'b', userId: 'U1' },
    { itemKey: 'b', userId: 'U2' },
  ];

  it('is due first at remind_after, and nothing is due before', () => {
    expect(nextDueAt(state, waiting, ALL)).toBe(T0 + 4 * S);
    expect(dueWork(state, waiting, ALL, T0 + 4 * S - 1)).toEqual({ expire: false, remind: [], escalate: [] });
    expect(dueWork(state, waiting, ALL, T0 + 4 * S).remind).toEqual(['U1', 'U2']);
  });

  it('reminds again only after remind_every: never twice in one interval', () => {
    const reminded = markReminded(state, waiting, T0 + 4 * S);
    expect(dueWork(reminded, waiting, ALL, T0 + 13 * S).remind).toEqual([]);
    expect(nextDueAt(reminded, waiting, ALL)).toBe(T0 + 14 * S);
    expect(dueWork(reminded, waiting, ALL, T0 + 14 * S).remind).toEqual(['U1', 'U2']);
  });

  it('without remind_every reminds once; remind_every alone sets the first reminder too', () => {
    const once: Timeouts = { remindAfterMs: 4 * S };
    const reminded = markReminded(state, waiting, T0 + 4 * S);
    expect(nextDueAt(reminded, waiting, once)).toBeNull();
    expect(nextDueAt(state, waiting, { remindEveryMs: 7 * S })).toBe(T0 + 7 * S);
  });

  it('reminds nobody when nobody can decide (the requester is never in the waiting list)', () => {
    expect(dueWork(state, [], { remindAfterMs: S }, T0 + 5 * S).remind).toEqual([]);
    expect(nextDueAt(state, [], { remindAfterMs: S })).toBeNull();
  });

  it('escalates items past escalate_after once, with those due within the grouping window', () => {
    const later = syncClocks(state, [...items('a', 'b'), ...items('c')], T0 + S);
    const window = groupingWindowMs(20 * S);
    expect(window).toBe(2 * S);
    expect(dueWork(later, [], ALL, T0 + 20 * S).escalate).toEqual(['a', 'b', 'c']);
    const escalated = markEscalated(later, ['a', 'b', 'c'], T0 + 20 * S);
    expect(dueWork(escalated, [], ALL, T0 + 40 * S).escalate).toEqual([]);
  });

  it('leaves an item outside the window for its own escalation', () => {
    const later = syncClocks(state, [...items('a', 'b'), ...items('c')], T0 + 10 * S);
    expect(dueWork(later, [], ALL, T0 + 20 * S).escalate).toEqual(['a', 'b']);
  });

  it('expires once the newest clock is expire_after old; expiry makes the rest moot', () => {
    const revised = syncClocks(state, [{ key: 'a', hash: 'new', open: true }, ...items('b')], T0 + 30 * S);
    expect(
      nextDueAt(
        markEscalated(markReminded(revised, waiting, T0 + 85 * S), ['a', 'b'], T0 + 85 * S),
        waiting,
        ALL,
      ),
    ).toBe(T0 + 90 * S);
    expect(dueWork(revised, waiting, ALL, T0 + 89 * S).expire).toBe(false);
    expect(dueWork(revised, waiting, ALL, T0 + 90 * S)).toEqual({ expire: true, remind: [], escalate: [] });
  });

  it('a fully approved plan has no clocks and nothing is ever due', () => {
    const approved = syncClocks(state, [{ key: 'a', hash: 'h-a', open: false }], T0 + S);
    expect(nextDueAt(approved, [], ALL)).toBeNull();
    expect(dueWork(approved, [], ALL, T0 + 1_000 * S)).toEqual({ expire: false, remind: [], escalate: [] });
  });
});

describe('waitingPairs', () => {
  const policy: Policy = {
    roles: {
      'SRE lead': { users: ['U0SRE1', 'U0REQ'], usergroups: ['S0SRE'] },
      CTO: { users: ['U0CTO1'], usergroups: [] },
    },
    approvalMatrix: { low: ['CTO'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
  };
  const item = (
    key: string,
    status: 'pending' | 'approved' | 'changes_requested',
    openRoles: string[],
    decidedBy?: string,
  ) =>
    ({
      item: { key },
      current: { key, version: 1, contentHash: `h-${key}` },
      decisions: decidedBy
        ? [
            {
              planId: 'p',
              itemKey: key,
              version: 1,
              contentHash: `h-${key}`,
              userId: decidedBy,
              role: 'CTO',
              decision: 'approve',
              reason: null,
              createdAt: '',
            },
          ]
        : [],
      state: { status, approvedBy: [], openRoles },
    }) as unknown as WaitingItem;

  it('lists holders of open roles on pending items: user groups included, the requester and deciders left out', () => {
    const pairs = waitingPairs(
      'U0REQ',
      [
        item('a', 'pending', ['SRE lead', 'CTO']),
        item('b', 'pending', ['SRE lead'], 'U0SRE1'),
        item('c', 'approved', []),
        item('d', 'changes_requested', ['CTO']),
      ],
      policy,
      { S0SRE: ['U0GROUP1'] },
    );
    expect(pairs).toEqual([
      { itemKey: 'a', userId: 'U0SRE1' },
      { itemKey: 'a', userId: 'U0GROUP1' },
      { itemKey: 'a', userId: 'U0CTO1' },
      { itemKey: 'b', userId: 'U0GROUP1' },
    ]);
  });

  it('clockItems: approved items no longer wait', () => {
    expect(clockItems([item('a', 'pending', ['CTO']), item('c', 'approved', [])])).toEqual([
      { key: 'a', hash: 'h-a', open: true },
      { key: 'c', hash: 'h-c', open: false },
    ]);
  });
});
