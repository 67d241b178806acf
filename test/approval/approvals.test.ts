import { describe, expect, it } from 'vitest';
import { approvalsOf } from '../../src/approval/approvals.ts';
import type { DecisionRecord } from '../../src/approval/decisions.ts';
import type { PlanItem } from '../../src/approval/items.ts';
import { itemTitle } from '../../src/approval/items.ts';
import type { Policy } from '../../src/approval/roles.ts';
import { NO_POLICY } from '../../src/approval/roles.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

const POLICY: Policy = {
  roles: {
    SME: { users: ['U0SME1'], usergroups: [] },
    'SRE lead': { users: ['U0SRE1'], usergroups: [] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};
const draft = samplePlan().writeback.drafts[2]!; // proposes CTO

function item(key: string, hash: string, content: unknown = {}): PlanItem {
  const section = key.startsWith('writeback') ? 'writeback' : (key as PlanItem['section']);
  return { key, section, title: key, hash, content };
}

function decision(
  itemKey: string,
  hash: string,
  version: number,
  userId: string,
  role: string,
  kind: DecisionRecord['decision'] = 'approve',
): DecisionRecord {
  return {
    planId: 'p',
    itemKey,
    version,
    contentHash: hash,
    userId,
    role,
    decision: kind,
    reason: null,
    createdAt: `2026-01-01T00:00:0${version}Z`,
  };
}

const items = [item('gating', 'g1'), item('writeback:slack-merchant-comms', 'd1', draft)];

describe('approvalsOf', () => {
  it.each<[string, Partial<Parameters<typeof approvalsOf>[0]>, string, string[]]>([
    ['nothing decided: yellow', {}, 'yellow', ['pending', 'pending']],
    [
      'every role in: green',
      {
        decisions: [
          decision('gating', 'g1', 1, 'U0SRE1', 'SRE lead'),
          decision('writeback:slack-merchant-comms', 'd1', 1, 'U0SRE1', 'SRE lead'),
          decision('writeback:slack-merchant-comms', 'd1', 1, 'U0CTO1', 'CTO'),
        ],
      },
      'green',
      ['approved', 'approved'],
    ],
    [
      'every role in, but the plan is still drafting: yellow',
      {
        complete: false,
        decisions: [
          decision('gating', 'g1', 1, 'U0SRE1', 'SRE lead'),
          decision('writeback:slack-merchant-comms', 'd1', 1, 'U0SRE1', 'SRE lead'),
          decision('writeback:slack-merchant-comms', 'd1', 1, 'U0CTO1', 'CTO'),
        ],
      },
      'yellow',
      ['approved', 'approved'],
    ],
    [
      'changes requested: red',
      { decisions: [decision('gating', 'g1', 1, 'U0SRE1', 'SRE lead', 'request_changes')] },
      'red',
      ['changes_requested', 'pending'],
    ],
    [
      'an approval of other content does not count',
      { decisions: [decision('gating', 'g0', 1, 'U0SRE1', 'SRE lead')] },
      'yellow',
      ['pending', 'pending'],
    ],
    ['without a policy: yellow, nothing required', { policy: NO_POLICY }, 'yellow', ['pending', 'pending']],
  ])('%s', (_name, overrides, colour, statuses) => {
    const result = approvalsOf({
      policy: POLICY,
      riskClass: 'medium',
      version: 1,
      items,
      history: [],
      decisions: [],
      complete: true,
      ...overrides,
    });
    expect(result.colour).toBe(colour);
    expect(result.items.map((i) => i.state.status)).toEqual(statuses);
  });

  it('requires the draft’s proposed role on top of the matrix', () => {
    const result = approvalsOf({
      policy: POLICY,
      riskClass: 'medium',
      version: 1,
      items,
      history: [],
      decisions: [],
      complete: true,
    });
    expect(result.items.map((i) => i.requirements.roles)).toEqual([['SRE lead'], ['SRE lead', 'CTO']]);
  });

  it('dates each item from the first version of its unbroken run of content', () => {
    const history = [
      { version: 1, hashes: { gating: 'g1', 'writeback:slack-merchant-comms': 'd0' } },
      { version: 2, hashes: { gating: 'g0', 'writeback:slack-merchant-comms': 'd1' } },
    ];
    const result = approvalsOf({
      policy: POLICY,
      riskClass: 'medium',
      version: 3,
      items,
      history,
      decisions: [decision('gating', 'g1', 1, 'U0SRE1', 'SRE lead')],
      complete: true,
    });
    expect(result.items.map((i) => i.current.version)).toEqual([3, 2]);
    expect(result.items[0]?.state.status).toBe('pending');
  });
});

describe('itemTitle', () => {
  it.each([
    [item('gating', 'x'), '3/6 · gating'],
    [{ ...item('writeback:a', 'x'), title: 'Draft: Jira' }, 'Draft: Jira'],
  ])('%j → %s', (input, expected) => {
    expect(itemTitle(input)).toBe(expected);
  });
});

describe('approvalsOf with freeze windows', () => {
  const once = (from: string, until: string) => ({
    kind: 'once' as const,
    from: new Date(from),
    until: new Date(until),
  });
  const FROZEN: Policy = {
    ...POLICY,
    roles: { ...POLICY.roles, VP: { users: ['U0VP1'], usergroups: [] } },
    freezeWindows: [
      {
        name: 'Launch',
        schedule: once('2026-12-01T00:00:00Z', '2026-12-03T00:00:00Z'),
        timezone: 'UTC',
        riskClasses: ['medium', 'high'],
        exceptionRole: 'VP',
      },
      {
        name: 'Audit',
        schedule: once('2026-12-10T00:00:00Z', '2026-12-11T00:00:00Z'),
        timezone: 'UTC',
        riskClasses: ['high'],
      },
    ],
  };
  const gatingOnly = [item('gating', 'g1')];
  const by = (userId: string, role: string) => decision('gating', 'g1', 1, userId, role);
  const target = (start: string, end?: string) => ({
    start: new Date(start),
    ...(end ? { end: new Date(end) } : {}),
  });

  it.each<[string, Partial<Parameters<typeof approvalsOf>[0]>, string, string[], string[]]>([
    [
      'no target window: the matrix alone',
      { decisions: [by('U0SRE1', 'SRE lead')] },
      'green',
      ['SRE lead'],
      [],
    ],
    [
      'a target in the launch freeze, the matrix role in: yellow, the exception role joins',
      { target: target('2026-12-02T09:00:00Z'), decisions: [by('U0SRE1', 'SRE lead')] },
      'yellow',
      ['SRE lead', 'VP'],
      ['Launch'],
    ],
    [
      'the exception role approves too: green',
      { target: target('2026-12-02T09:00:00Z'), decisions: [by('U0SRE1', 'SRE lead'), by('U0VP1', 'VP')] },
      'green',
      ['SRE lead', 'VP'],
      ['Launch'],
    ],
    [
      'a target ending where the freeze starts: unaffected',
      {
        target: target('2026-11-30T09:00:00Z', '2026-12-01T00:00:00Z'),
        decisions: [by('U0SRE1', 'SRE lead')],
      },
      'green',
      ['SRE lead'],
      [],
    ],
    [
      'a low-risk plan in the launch freeze (medium and high only): unaffected',
      { riskClass: 'low', target: target('2026-12-02T09:00:00Z'), decisions: [by('U0SME1', 'SME')] },
      'green',
      ['SME'],
      [],
    ],
    [
      'a high-risk plan in a freeze without an exception role: never green',
      {
        riskClass: 'high',
        target: target('2026-12-10T09:00:00Z'),
        decisions: [by('U0SRE1', 'SRE lead'), by('U0CTO1', 'CTO')],
      },
      'yellow',
      ['SRE lead', 'CTO'],
      ['Audit'],
    ],
  ])('%s', (_name, overrides, colour, roles, freezes) => {
    const result = approvalsOf({
      policy: FROZEN,
      riskClass: 'medium',
      version: 1,
      items: gatingOnly,
      history: [],
      decisions: [],
      complete: true,
      ...overrides,
    });
    expect(result.colour).toBe(colour);
    expect(result.items[0]?.requirements.roles).toEqual(roles);
    expect(result.freezes.map((f) => f.window.name)).toEqual(freezes);
  });
});
