import { describe, expect, it } from 'vitest';
import type { ItemApproval } from '../../src/approval/approvals.ts';
import { type InboxPlan, inboxOf } from '../../src/approval/inbox.ts';

const HASH = 'a'.repeat(64);

function item(key: string, status: ItemApproval['state']['status'], openRoles: string[], decidedBy?: string) {
  return {
    item: { key, section: 'gating', title: key, content: {}, hash: HASH },
    current: { key, contentHash: HASH, version: 1 },
    requirements: { roles: openRoles },
    decisions: decidedBy
      ? [
          {
            planId: 'p',
            itemKey: key,
            version: 1,
            contentHash: HASH,
            userId: decidedBy,
            role: 'CTO',
            decision: 'approve' as const,
            reason: null,
            createdAt: '2026-11-20T10:00:00.000Z',
          },
        ]
      : [],
    state: { status, approvedBy: [], openRoles },
  } as unknown as ItemApproval;
}

function plan(
  id: string,
  requesterId: string,
  status: 'ready' | 'drafting',
  items: ItemApproval[],
  expiredAt: string | null = null,
): InboxPlan {
  return {
    plan: {
      id,
      requesterId,
      status,
      request: { title: `Plan ${id}` } as InboxPlan['plan']['request'],
      channelId: 'C0PLANS',
      rootTs: '1.1',
      updatedAt: '2026-11-20T10:00:00.000Z',
      expiredAt,
    },
    approvals: { items, colour: 'yellow' },
  };
}

const PLANS = [
  plan('a', 'U0REQ', 'ready', [
    item('scorecard', 'pending', ['SRE lead', 'CTO']),
    item('gating', 'pending', ['CTO'], 'U0SRE'),
    item('exit', 'approved', []),
  ]),
  plan('b', 'U0SRE', 'ready', [item('scorecard', 'pending', ['SRE lead'])]),
  plan('c', 'U0REQ', 'drafting', [item('scorecard', 'pending', ['SRE lead'])]),
];

describe('inboxOf', () => {
  it('lists for an approver the items of ready plans they can decide now, with their roles', () => {
    const inbox = inboxOf('U0SRE', ['SRE lead', 'CTO'], PLANS);
    // Plan b is theirs (never to approve); plan c is still drafting; gating they already decided.
    expect(inbox.waiting).toEqual([
      expect.objectContaining({
        planId: 'a',
        items: [{ itemKey: 'scorecard', title: expect.any(String), roles: ['SRE lead', 'CTO'] }],
      }),
    ]);
    expect(inbox.mine.map((p) => p.planId)).toEqual(['b']);
  });

  it('lists for a requester their plans with progress and nothing to approve', () => {
    const inbox = inboxOf('U0REQ', [], PLANS);
    expect(inbox.waiting).toEqual([]);
    expect(inbox.mine).toEqual([
      expect.objectContaining({ planId: 'a', status: 'ready', approved: 1, total: 3 }),
      expect.objectContaining({ planId: 'c', status: 'drafting', approved: 0, total: 1 }),
    ]);
  });

  it('lists nothing of an expired plan: it takes no more decisions', () => {
    const expired = plan(
      'x',
      'U0REQ',
      'ready',
      [item('scorecard', 'pending', ['SRE lead'])],
      '2026-11-21T00:00:00.000Z',
    );
    expect(inboxOf('U0SRE', ['SRE lead'], [expired]).waiting).toEqual([]);
    expect(inboxOf('U0REQ', [], [expired]).mine.map((p) => p.planId)).toEqual(['x']);
  });

  it('shows nothing to someone holding no role', () => {
    expect(inboxOf('U0X', [], PLANS)).toEqual({ waiting: [], mine: [] });
  });
});
