import { describe, expect, it } from 'vitest';
import type { DecisionKind, DecisionRecord } from '../../src/approval/decisions.ts';
import {
  type ClickDecision,
  type ClickInput,
  chooseRole,
  decideClick,
  eligibleHolders,
  findRoleName,
  holdersOf,
  rolesOf,
} from '../../src/approval/policy.ts';
import { NO_POLICY, type Policy } from '../../src/approval/roles.ts';
import { currentDecisions, itemState } from '../../src/approval/state.ts';

const POLICY: Policy = {
  roles: {
    SME: { users: ['U0SME1', 'U0SME2'], usergroups: [] },
    'SRE lead': { users: ['U0SRE1', 'U0REQ'], usergroups: ['S0SRELEADS'] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};
/** U0SRE1 holds both roles of ITEM. */
const BOTH_ROLES: Policy = {
  ...POLICY,
  roles: { ...POLICY.roles, CTO: { users: ['U0CTO1', 'U0SRE1'], usergroups: [] } },
};
const MEMBERS = { S0SRELEADS: ['U0SREG1', 'U0SRE1'] };
const REQUESTER = 'U0REQ';
const ITEM = { key: 'gating', requiredRoles: ['SRE lead', 'CTO'], contentHash: 'h2', version: 2 };

let clock = 0;
function decision(
  userId: string,
  role: string,
  kind: DecisionKind = 'approve',
  at: { hash?: string; version?: number } = {},
): DecisionRecord {
  clock += 1;
  return {
    planId: 'p1',
    itemKey: ITEM.key,
    version: at.version ?? ITEM.version,
    contentHash: at.hash ?? ITEM.contentHash,
    userId,
    role,
    decision: kind,
    reason: kind === 'request_changes' ? 'rollback owner missing' : null,
    createdAt: `2026-11-20T10:00:${String(clock).padStart(2, '0')}Z`,
  };
}

function click(overrides: Partial<ClickInput>): ClickDecision {
  return decideClick({
    userId: 'U0SRE1',
    requesterId: REQUESTER,
    action: 'approve',
    item: ITEM,
    clickedHash: ITEM.contentHash,
    clickedVersion: ITEM.version,
    decisions: [],
    policy: POLICY,
    usergroupMembers: MEMBERS,
    ...overrides,
  });
}

describe('holdersOf / rolesOf / findRoleName', () => {
  it.each([
    ['SME', ['U0SME1', 'U0SME2']],
    ['SRE lead', ['U0SRE1', 'U0REQ', 'U0SREG1']],
    ['CTO', ['U0CTO1']],
    ['Intern', []],
    ['toString', []],
  ])('holders of %s', (role, expected) => {
    expect(holdersOf(POLICY, role, MEMBERS)).toEqual(expected);
  });

  it('treats an unresolved user group as having no members', () => {
    expect(holdersOf(POLICY, 'SRE lead', {})).toEqual(['U0SRE1', 'U0REQ']);
  });

  it.each([
    ['U0SREG1', ['SRE lead']],
    ['U0SME2', ['SME']],
    ['U0NOBODY', []],
  ])('roles of %s', (userId, expected) => {
    expect(rolesOf(POLICY, userId, MEMBERS)).toEqual(expected);
  });

  it.each([
    ['SRE lead', 'SRE lead'],
    ['  sre  Lead ', 'SRE lead'],
    ['cto', 'CTO'],
    ['SRE', undefined],
  ])('finds %j as %j', (name, expected) => {
    expect(findRoleName(POLICY, name)).toBe(expected);
  });
});

describe('eligibleHolders', () => {
  const eligible = (decisions: DecisionRecord[]) =>
    Object.fromEntries(
      eligibleHolders({
        policy: POLICY,
        usergroupMembers: MEMBERS,
        requesterId: REQUESTER,
        state: itemState(ITEM.requiredRoles, currentDecisions(decisions, ITEM)),
      }),
    );

  it('lists, per open role, its holders and group members, without the requester', () => {
    expect(eligible([])).toEqual({ 'SRE lead': ['U0SRE1', 'U0SREG1'], CTO: ['U0CTO1'] });
  });

  it('drops filled roles, and the people already counted for another role', () => {
    expect(eligible([decision('U0SRE1', 'SRE lead')])).toEqual({ CTO: ['U0CTO1'] });
    expect(eligible([decision('U0CTO1', 'CTO')])).toEqual({ 'SRE lead': ['U0SRE1', 'U0SREG1'] });
  });

  it('owes nothing once every role is filled', () => {
    expect(eligible([decision('U0SRE1', 'SRE lead'), decision('U0CTO1', 'CTO')])).toEqual({});
  });
});

describe('decideClick', () => {
  const accepted = (role: string) => ({ kind: 'accept', role });
  const refused = (reason: string) => expect.objectContaining({ kind: 'refuse', reason });

  it.each<[string, Partial<ClickInput>, unknown]>([
    ['a holder approves', {}, accepted('SRE lead')],
    ['a user-group member approves', { userId: 'U0SREG1' }, accepted('SRE lead')],
    ['the CTO approves', { userId: 'U0CTO1' }, accepted('CTO')],
    ['a click from a later re-render of unchanged content', { clickedVersion: 3 }, accepted('SRE lead')],
    [
      'an approval on older content does not count',
      { decisions: [decision('U0SRE1', 'SRE lead', 'approve', { hash: 'h1', version: 1 })] },
      accepted('SRE lead'),
    ],
    [
      'an approval of the same hash before it changed and changed back does not count',
      { decisions: [decision('U0SRE1', 'SRE lead', 'approve', { version: 1 })] },
      accepted('SRE lead'),
    ],
    ['no policy file', { policy: NO_POLICY }, refused('no_policy')],
    ['a click on changed content', { clickedHash: 'h1' }, refused('stale')],
    ['a click from before this content appeared', { clickedVersion: 1 }, refused('stale')],
    ['a non-holder', { userId: 'U0SME1' }, refused('not_holder')],
    ['the requester, who holds the role', { userId: REQUESTER }, refused('self_approval')],
    ['a double click', { decisions: [decision('U0SRE1', 'SRE lead')] }, { kind: 'duplicate' }],
    [
      'Approve after Request changes by the same person',
      { decisions: [decision('U0SRE1', 'SRE lead', 'request_changes')] },
      refused('already_decided'),
    ],
    [
      'a second holder of a filled role',
      { userId: 'U0SREG1', decisions: [decision('U0SRE1', 'SRE lead')] },
      refused('already_satisfied'),
    ],
    [
      'Approve while changes are requested',
      { userId: 'U0CTO1', decisions: [decision('U0SRE1', 'SRE lead', 'request_changes')] },
      refused('on_hold'),
    ],
    ['Request changes by a holder', { action: 'request_changes', userId: 'U0CTO1' }, accepted('CTO')],
    [
      'Request changes by the requester on their own plan, holding the role',
      { action: 'request_changes', userId: REQUESTER },
      accepted('SRE lead'),
    ],
    [
      'Request changes by the requester without a required role',
      { action: 'request_changes', userId: REQUESTER, item: { ...ITEM, requiredRoles: ['CTO'] } },
      accepted('requester'),
    ],
    [
      'Request changes by a non-holder',
      { action: 'request_changes', userId: 'U0SME1' },
      refused('not_holder'),
    ],
    [
      'Request changes on an approved item',
      {
        action: 'request_changes',
        userId: 'U0SREG1',
        decisions: [decision('U0SRE1', 'SRE lead'), decision('U0CTO1', 'CTO')],
      },
      accepted('SRE lead'),
    ],
    [
      'Approve as another role after approving as one (a person holding both)',
      { policy: BOTH_ROLES, decisions: [decision('U0SRE1', 'SRE lead')], clickedRole: 'CTO' },
      refused('one_role_per_person'),
    ],
    [
      'Approve again, holding another open role, on the button that picks the role',
      { policy: BOTH_ROLES, decisions: [decision('U0SRE1', 'SRE lead')] },
      refused('one_role_per_person'),
    ],
    [
      'a double click on the role button already counted',
      { policy: BOTH_ROLES, decisions: [decision('U0SRE1', 'SRE lead')], clickedRole: 'SRE lead' },
      { kind: 'duplicate' },
    ],
    [
      'a double Request changes',
      { action: 'request_changes', decisions: [decision('U0SRE1', 'SRE lead', 'request_changes')] },
      { kind: 'duplicate' },
    ],
  ])('%s', (_name, input, expected) => {
    expect(click(input)).toEqual(expected);
  });

  it('names the roles still open and who can fill them: not the requester, not who already approved', () => {
    const result = click({ userId: 'U0SME1' });
    expect(result).toEqual({
      kind: 'refuse',
      reason: 'not_holder',
      message:
        'Only a holder of “SRE lead” and “CTO” can approve this. Who can decide: “SRE lead” (<@U0SRE1>, <@U0SREG1>) · “CTO” (<@U0CTO1>).',
      whoCanDecide: [
        { role: 'SRE lead', users: ['U0SRE1', 'U0SREG1'] },
        { role: 'CTO', users: ['U0CTO1'] },
      ],
    });
  });

  it('tells the requester who else can approve', () => {
    const result = click({ userId: REQUESTER, decisions: [decision('U0SRE1', 'SRE lead')] });
    expect(result).toMatchObject({
      reason: 'self_approval',
      message: "You requested this plan, so you can't approve it. Who can decide: “CTO” (<@U0CTO1>).",
      whoCanDecide: [{ role: 'CTO', users: ['U0CTO1'] }],
    });
  });

  it('says who covered the role when it is already satisfied', () => {
    const result = click({ userId: 'U0SREG1', decisions: [decision('U0SRE1', 'SRE lead')] });
    expect(result).toMatchObject({
      message:
        'Your role here is already covered: “SRE lead” by <@U0SRE1>. Who can decide: “CTO” (<@U0CTO1>).',
    });
  });

  it('says who holds the item when changes are requested', () => {
    const result = click({
      userId: 'U0CTO1',
      decisions: [decision('U0SRE1', 'SRE lead', 'request_changes')],
    });
    expect(result).toMatchObject({ message: expect.stringContaining('<@U0SRE1> requested changes') });
  });

  it('escapes role names and shortens long holder lists in the message', () => {
    const many = Array.from({ length: 12 }, (_, i) => `U0M${i}`);
    const policy: Policy = {
      roles: { 'R&D <lead>': { users: many, usergroups: [] } },
      approvalMatrix: { low: ['R&D <lead>'], medium: ['R&D <lead>'], high: ['R&D <lead>'] },
    };
    const result = click({ policy, userId: 'U0SME1', item: { ...ITEM, requiredRoles: ['R&D <lead>'] } });
    expect(result).toMatchObject({
      message: expect.stringContaining(
        '“R&amp;D &lt;lead&gt;” (<@U0M0>, <@U0M1>, <@U0M2>, <@U0M3>, <@U0M4>, <@U0M5>, <@U0M6>, <@U0M7>, <@U0M8>, <@U0M9>, 2 more)',
      ),
    });
  });
});

describe('one person, two roles', () => {
  const ann = 'U0ANN';
  const bob = 'U0BOB';
  const policyOf = (sre: string[], cto: string[]): Policy => ({
    roles: { 'SRE lead': { users: sre, usergroups: [] }, CTO: { users: cto, usergroups: [] } },
    approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
  });

  /** Runs clicks in order, recording accepted ones as the store would. */
  function run(
    policy: Policy,
    clickers: string[],
  ): { results: ClickDecision[]; decisions: DecisionRecord[] } {
    const decisions: DecisionRecord[] = [];
    const results = clickers.map((userId) => {
      const result = click({ policy, userId, decisions, usergroupMembers: {} });
      if (result.kind === 'accept') decisions.push(decision(userId, result.role));
      return result;
    });
    return { results, decisions };
  }

  it.each<[string, string[], string[], string[], string[], 'approved' | 'pending']>([
    [
      'Ann counts as CTO so that Bob can still approve as SRE lead',
      [ann, bob],
      [ann],
      [ann, bob],
      ['CTO', 'SRE lead'],
      'approved',
    ],
    [
      'Ann counts as SRE lead so that Bob can still approve as CTO',
      [ann],
      [ann, bob],
      [ann, bob],
      ['SRE lead', 'CTO'],
      'approved',
    ],
    [
      'Ann and Bob both hold both: first role in matrix order',
      [ann, bob],
      [ann, bob],
      [ann, bob],
      ['SRE lead', 'CTO'],
      'approved',
    ],
    [
      'Ann alone holds both: she counts once, and a second click is told why (one person, one role)',
      [ann],
      [ann],
      [ann, ann],
      ['SRE lead', 'refuse'],
      'pending',
    ],
  ])('%s', (_name, sre, cto, clickers, outcomes, status) => {
    const { results, decisions } = run(policyOf(sre, cto), clickers);
    expect(results.map((r) => (r.kind === 'accept' ? r.role : r.kind))).toEqual(outcomes);
    expect(itemState(ITEM.requiredRoles, currentDecisions(decisions, ITEM)).status).toBe(status);
  });

  it('chooseRole prefers the role no one else can fill, then matrix order', () => {
    const open = ['SRE lead', 'CTO'];
    expect(
      chooseRole(
        open,
        open,
        new Map([
          ['SRE lead', [ann, bob]],
          ['CTO', [ann]],
        ]),
        ann,
      ),
    ).toBe('CTO');
    expect(
      chooseRole(
        open,
        open,
        new Map([
          ['SRE lead', [ann]],
          ['CTO', [ann]],
        ]),
        ann,
      ),
    ).toBe('SRE lead');
    expect(chooseRole([], open, new Map(), ann)).toBeUndefined();
  });
});

describe('an Approve button per open role', () => {
  const ann = 'U0ANN';
  const bob = 'U0BOB';
  const twoRoles: Policy = {
    roles: { 'SRE lead': { users: [ann, bob], usergroups: [] }, CTO: { users: [ann], usergroups: [] } },
    approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
  };

  it.each<[string, Partial<ClickInput>, ClickDecision['kind'], string]>([
    ['a holder approves as the role clicked', { userId: 'U0CTO1', clickedRole: 'CTO' }, 'accept', 'CTO'],
    [
      'a holder of another role is refused and told which role they can approve as',
      { userId: 'U0CTO1', clickedRole: 'SRE lead' },
      'refuse',
      'Only a holder of “SRE lead” can approve as “SRE lead”. You can approve as “CTO”.',
    ],
    [
      'a role already covered is refused, naming who covered it',
      { userId: 'U0SREG1', clickedRole: 'SRE lead', decisions: [decision('U0SRE1', 'SRE lead')] },
      'refuse',
      '“SRE lead” is already covered by <@U0SRE1>.',
    ],
    [
      'a role the item no longer requires is stale',
      { userId: 'U0SRE1', clickedRole: 'SME' },
      'refuse',
      'out of date',
    ],
    [
      'the role that would leave another unfillable is refused, pointing to the right one',
      { policy: twoRoles, usergroupMembers: {}, userId: ann, clickedRole: 'SRE lead' },
      'refuse',
      'Please approve as “CTO” instead',
    ],
    [
      'the role that keeps the rule fillable is accepted',
      { policy: twoRoles, usergroupMembers: {}, userId: ann, clickedRole: 'CTO' },
      'accept',
      'CTO',
    ],
  ])('%s', (_name, overrides, kind, expected) => {
    const result = click(overrides);
    expect(result.kind).toBe(kind);
    if (result.kind === 'accept') expect(result.role).toBe(expected);
    if (result.kind === 'refuse') expect(result.message).toContain(expected);
  });

  it('still refuses the requester before looking at the role', () => {
    expect(click({ userId: REQUESTER, clickedRole: 'SRE lead' })).toMatchObject({ reason: 'self_approval' });
  });
});
