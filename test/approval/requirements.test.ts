import { describe, expect, it } from 'vitest';
import { draftItemKeys, isDraftItemKey } from '../../src/approval/items.ts';
import { itemRequirements } from '../../src/approval/requirements.ts';
import { NO_POLICY, type Policy } from '../../src/approval/roles.ts';
import type { RiskClass } from '../../src/plan/schema.ts';

const POLICY: Policy = {
  roles: {
    SME: { users: ['U0SME1'], usergroups: [] },
    'SRE lead': { users: ['U0SRE1'], usergroups: ['S0SRELEADS'] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};

describe('item keys', () => {
  it.each([
    ['writeback:jira-epic', true],
    ['writeback', false],
    ['gating', false],
  ])('%s is a draft: %s', (key, expected) => {
    expect(isDraftItemKey(key)).toBe(expected);
  });

  it.each([
    ['jira-epic', 'writeback:jira-epic'],
    ['Jira Epic #1', 'writeback:jira-epic-1'],
    ['', 'writeback:draft'],
  ])('builds the draft key of %j as the thread messages do', (id, key) => {
    expect(draftItemKeys([{ id }])).toEqual([key]);
  });
});

describe('itemRequirements', () => {
  it.each<
    [string, RiskClass, string, string | undefined, { roles: string[]; fallback: boolean; note?: string }]
  >([
    ['a low-risk section', 'low', 'gating', undefined, { roles: ['SME'], fallback: false }],
    ['a high-risk section', 'high', 'scorecard', undefined, { roles: ['SRE lead', 'CTO'], fallback: false }],
    [
      'a section ignores any proposed role',
      'medium',
      'gating',
      'Intern',
      { roles: ['SRE lead'], fallback: false },
    ],
    [
      'a draft without a proposed role',
      'medium',
      'writeback:a',
      undefined,
      { roles: ['SRE lead'], fallback: false },
    ],
    [
      'a draft with a blank proposed role',
      'medium',
      'writeback:a',
      '  ',
      { roles: ['SRE lead'], fallback: false },
    ],
    [
      'a draft whose proposed role is already in the matrix',
      'high',
      'writeback:a',
      'CTO',
      { roles: ['SRE lead', 'CTO'], fallback: false },
    ],
    [
      'a draft whose proposed role matches a policy role but for case and spacing',
      'high',
      'writeback:a',
      ' sre   LEAD ',
      { roles: ['SRE lead', 'CTO'], fallback: false },
    ],
    [
      'a draft whose known proposed role adds to the matrix',
      'high',
      'writeback:a',
      'SME',
      {
        roles: ['SRE lead', 'CTO', 'SME'],
        fallback: false,
        note: 'This draft also needs “SME”, its proposed approver role, on top of the high-risk matrix (SRE lead, CTO).',
      },
    ],
    [
      'a draft whose proposed role cannot lower a high-risk matrix',
      'high',
      'writeback:a',
      'sme',
      {
        roles: ['SRE lead', 'CTO', 'SME'],
        fallback: false,
        note: 'This draft also needs “SME”, its proposed approver role, on top of the high-risk matrix (SRE lead, CTO).',
      },
    ],
    [
      'a draft whose proposed role is unknown to the policy',
      'high',
      'writeback:a',
      'Release manager',
      {
        roles: ['SRE lead', 'CTO'],
        fallback: true,
        note: 'Proposed approver role “Release manager” is not in the policy; the high-risk matrix applies (SRE lead, CTO).',
      },
    ],
  ])('%s', (_name, riskClass, itemKey, proposedRole, expected) => {
    expect(itemRequirements({ policy: POLICY, riskClass, itemKey, proposedRole })).toEqual(expected);
  });

  it('quotes a long or multi-line unknown role on one short line', () => {
    const proposedRole = `Head of\n${'x'.repeat(80)}`;
    const { note, fallback } = itemRequirements({
      policy: POLICY,
      riskClass: 'low',
      itemKey: 'writeback:a',
      proposedRole,
    });
    expect(fallback).toBe(true);
    expect(note).toMatch(
      /^Proposed approver role “Head of x{41}…” is not in the policy; the low-risk matrix applies \(SME\)\.$/,
    );
  });

  it('requires no one, and says no one can approve, without a policy file', () => {
    expect(
      itemRequirements({ policy: NO_POLICY, riskClass: 'high', itemKey: 'writeback:a', proposedRole: 'CTO' }),
    ).toEqual({
      roles: [],
      fallback: false,
      note: 'No approval policy is configured: no one can approve this yet.',
    });
  });
});

describe('itemRequirements: freeze exceptions', () => {
  const freeze = (name: string, exceptionRole?: string) => ({
    window: {
      name,
      schedule: { kind: 'once' as const, from: new Date(0), until: new Date(1) },
      timezone: 'UTC',
      riskClasses: ['high' as const],
      ...(exceptionRole ? { exceptionRole } : {}),
    },
    start: new Date(0),
    end: new Date(1),
  });

  it.each<
    [
      string,
      RiskClass,
      string,
      ReturnType<typeof freeze>[],
      string[],
      string[] | undefined,
      RegExp | undefined,
    ]
  >([
    ['no freeze', 'medium', 'gating', [], ['SRE lead'], undefined, undefined],
    [
      'a freeze adds its exception role, marked',
      'medium',
      'gating',
      [freeze('Year-end freeze', 'CTO')],
      ['SRE lead', 'CTO'],
      ['CTO'],
      /Freeze exception: the target window overlaps Year-end freeze, so “CTO” must approve too/,
    ],
    [
      'an exception role already in the matrix is not doubled, still marked',
      'high',
      'gating',
      [freeze('Year-end freeze', 'CTO')],
      ['SRE lead', 'CTO'],
      ['CTO'],
      /Freeze exception/,
    ],
    [
      'two freezes, one role each, on a draft with its own note',
      'low',
      'writeback:x',
      [freeze('A', 'CTO'), freeze('B', 'SRE lead'), freeze('C')],
      ['SME', 'CTO', 'SRE lead'],
      ['CTO', 'SRE lead'],
      /overlaps A, B, C, so “CTO” and “SRE lead” must approve too/,
    ],
    [
      'a freeze without an exception role adds no one',
      'medium',
      'gating',
      [freeze('C')],
      ['SRE lead'],
      undefined,
      undefined,
    ],
  ])('%s', (_name, riskClass, itemKey, freezes, roles, marked, note) => {
    const result = itemRequirements({ policy: POLICY, riskClass, itemKey, freezes });
    expect(result.roles).toEqual(roles);
    expect(result.freezeExceptionRoles).toEqual(marked);
    if (note) expect(result.note).toMatch(note);
    else expect(result.note).toBeUndefined();
  });

  it('adds no one without a policy', () => {
    expect(
      itemRequirements({
        policy: NO_POLICY,
        riskClass: 'high',
        itemKey: 'gating',
        freezes: [freeze('A', 'CTO')],
      }).roles,
    ).toEqual([]);
  });
});
