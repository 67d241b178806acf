import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/approval/policy-file.ts';
import { problemsOf } from './policy-problems.ts';

const BASE = `roles:
  SME: { users: [U0SME1] }
  CTO: { users: [U0CTO1] }
approval_matrix: { low: [SME], medium: [SME], high: [SME, CTO] }
`;

describe('policy timeouts: valid', () => {
  it('reads every field into milliseconds, the escalation with its role', () => {
    const policy = parsePolicy(`${BASE}timeouts:
  remind_after: 4h
  remind_every: 24h
  escalate_after: 48h
  escalate_to: CTO
  expire_after: 7d
`);
    expect(policy.timeouts).toEqual({
      remindAfterMs: 4 * 3_600_000,
      remindEveryMs: 24 * 3_600_000,
      escalation: { afterMs: 48 * 3_600_000, role: 'CTO' },
      expireAfterMs: 7 * 86_400_000,
    });
  });

  it.each([
    ['remind_after: 10s', { remindAfterMs: 10_000 }],
    ['expire_after: 1d', { expireAfterMs: 86_400_000 }],
    ['remind_every: 30m', { remindEveryMs: 1_800_000 }],
  ])('every field is optional: %s', (line, expected) => {
    expect(parsePolicy(`${BASE}timeouts: { ${line} }\n`).timeouts).toEqual(expected);
  });

  it('has no timeouts without the section', () => {
    expect(parsePolicy(BASE).timeouts).toBeUndefined();
  });
});

describe('policy timeouts: each invalid shape, with its line', () => {
  it.each([
    [
      'timeouts: { remind_after: 4 }',
      'timeouts.remind_after (line 5): must be a number and a unit (s, m, h or d), e.g. 4h',
    ],
    [
      'timeouts: { remind_after: 4 hours }',
      'timeouts.remind_after (line 5): "4 hours" is not a duration: a number and a unit (s, m, h or d), e.g. 4h',
    ],
    [
      'timeouts: { expire_after: 0d }',
      'timeouts.expire_after (line 5): must be more than 0 and at most 365d',
    ],
    [
      'timeouts: { expire_after: 400d }',
      'timeouts.expire_after (line 5): must be more than 0 and at most 365d',
    ],
    [
      'timeouts: { remind_later: 4h }',
      'timeouts.remind_later (line 5): is not a known key (use remind_after, remind_every, escalate_after, escalate_to, expire_after)',
    ],
    [
      'timeouts: { escalate_after: 2h, escalate_to: VP }',
      'timeouts.escalate_to (line 5): role “VP” is not defined under roles (defined roles: SME, CTO)',
    ],
    [
      'timeouts: { escalate_after: 2h }',
      'timeouts.escalate_after (line 5): needs escalate_to: the role to escalate to',
    ],
    [
      'timeouts: { escalate_to: CTO }',
      'timeouts.escalate_to (line 5): needs escalate_after: when to escalate',
    ],
    [
      'timeouts: { escalate_after: 7d, escalate_to: CTO, expire_after: 7d }',
      'timeouts.escalate_after (line 5): must be shorter than expire_after: the plan would expire before anyone is escalated to',
    ],
    [
      'timeouts: [4h]',
      'timeouts (line 5): must be a map with any of remind_after, remind_every, escalate_after, escalate_to, expire_after, e.g. { remind_after: 4h }',
    ],
  ])('%s', (section, problem) => {
    expect(problemsOf(`${BASE}${section}\n`)).toEqual([problem]);
  });

  it('reports the line of the field on a multi-line section', () => {
    expect(problemsOf(`${BASE}timeouts:\n  remind_after: 4h\n  expire_after: soon\n`)).toEqual([
      'timeouts.expire_after (line 7): "soon" is not a duration: a number and a unit (s, m, h or d), e.g. 4h',
    ]);
  });
});
