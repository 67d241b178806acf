import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPolicyFile, PolicyFileError, parsePolicy } from '../../src/approval/policy-file.ts';
import {
  describeMatrix,
  hasPolicy,
  maxDistinctAssignment,
  NO_POLICY,
  type Policy,
  reviewRiskClasses,
} from '../../src/approval/roles.ts';
import { PolicyError } from '../../src/errors.ts';
import { problemsOf } from './policy-problems.ts';

const EXAMPLE_PATH = fileURLToPath(new URL('../../policy.example.yml', import.meta.url));

const ISSUE_FORM = `roles:
  SME:      { users: [U0SME1, U0SME2] }
  SRE lead: { users: [U0SRE1], usergroups: [S0SRELEADS] }
  CTO:      { users: [U0CTO1] }
approval_matrix:        # risk class -> roles that must each approve
  low:    [SME]
  medium: [SRE lead]
  high:   [SRE lead, CTO]
`;

const MATRIX = 'approval_matrix: { low: [SME], medium: [SME], high: [SME] }';

describe('parsePolicy: valid files', () => {
  it('reads the example file: roles in file order, user groups and descriptions kept', () => {
    const policy = loadPolicyFile(EXAMPLE_PATH);
    expect(Object.keys(policy.roles)).toEqual(['SME', 'SRE lead', 'CTO']);
    expect(policy.roles['SRE lead']).toEqual({
      users: ['U0SRE1'],
      usergroups: ['S0SRELEADS'],
      description: 'Site reliability lead; owns rollout gates and rollback',
    });
    expect(policy.approvalMatrix).toEqual({ low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] });
  });

  it.each([
    ['the form from the issue', ISSUE_FORM],
    ['an enterprise W… user id', `roles:\n  SME: { users: [W0ABC] }\n${MATRIX}`],
    ['a role held only through a user group', `roles:\n  SME: { usergroups: [S0ABC] }\n${MATRIX}`],
    [
      'a role name of 50 characters',
      `roles:\n  "${'R'.repeat(50)}": { users: [U0A] }\n${MATRIX.replaceAll('SME', 'R'.repeat(50))}`,
    ],
  ])('accepts %s', (_name, text) => {
    const policy = parsePolicy(text);
    expect(hasPolicy(policy)).toBe(true);
  });

  it('reads the hosts links may point to; without a links section there are none', () => {
    const text = `roles:\n  SME: { users: [U0A] }\n${MATRIX}\nlinks:\n  allowed_hosts: [github.com, "*.atlassian.net"]`;
    expect(parsePolicy(text).links).toEqual({ allowedHosts: ['github.com', '*.atlassian.net'] });
    expect(parsePolicy(`roles:\n  SME: { users: [U0A] }\n${MATRIX}`).links).toBeUndefined();
  });

  it.each([
    ['', ['high']],
    ['\nreview:\n  risk_classes: []', []],
    ['\nreview:\n  risk_classes: [medium, high]', ['medium', 'high']],
    ['\nreview: {}', ['high']],
  ])('reads the risk classes a second model reviews (%j)', (review, expected) => {
    const policy = parsePolicy(`roles:\n  SME: { users: [U0A] }\n${MATRIX}${review}`);
    expect(reviewRiskClasses(policy)).toEqual(expected);
  });

  it('defaults missing users / usergroups to empty lists and omits a missing description', () => {
    const policy = parsePolicy(`roles:\n  SME: { usergroups: [S0ABC] }\n${MATRIX}`);
    expect(policy.roles.SME).toEqual({ users: [], usergroups: ['S0ABC'] });
  });
});

describe('parsePolicy: problems, each with its YAML path and line', () => {
  it.each([
    [
      'a lower-case user id',
      `roles:\n  SME: { users: [u0sme1] }\n${MATRIX}`,
      'roles.SME.users[0] (line 2): "u0sme1" is not a Slack user id',
    ],
    [
      'a user group id without S',
      `roles:\n  SME: { users: [U0A], usergroups: [G0A] }\n${MATRIX}`,
      'roles.SME.usergroups[0] (line 2): "G0A" is not a Slack user group id',
    ],
    [
      'users as a scalar',
      `roles:\n  SME: { users: U0A }\n${MATRIX}`,
      'roles.SME.users (line 2): must be a list of Slack user id',
    ],
    [
      'a misspelt role key',
      `roles:\n  SME: { users: [U0A], usergroup: [S0A] }\n${MATRIX}`,
      'roles.SME.usergroup (line 2): is not a known key (use users, usergroups, description)',
    ],
    [
      'a role with no holders',
      `roles:\n  SME: {}\n${MATRIX}`,
      'roles.SME (line 2): has no users and no usergroups',
    ],
    [
      'a role name over 50 characters',
      `roles:\n  ${'R'.repeat(51)}: { users: [U0A] }\n  SME: { users: [U0B] }\n${MATRIX}`,
      `roles.${'R'.repeat(51)} (line 2): role names are 1 to 50 characters`,
    ],
    [
      'the reserved role name',
      `roles:\n  Requester: { users: [U0A] }\n  SME: { users: [U0B] }\n${MATRIX}`,
      'roles.Requester (line 2): “requester” is reserved',
    ],
    [
      'roles differing only in case',
      `roles:\n  SME: { users: [U0A] }\n  sme: { users: [U0B] }\n${MATRIX}`,
      'roles.sme (line 3): differs from role “SME” only in case',
    ],
    [
      'a missing risk class',
      'roles:\n  SME: { users: [U0A] }\napproval_matrix:\n  low: [SME]\n  medium: [SME]\n',
      'approval_matrix.high (line 3): is missing: every risk class (low, medium, high) must list',
    ],
    [
      'an empty risk class',
      'roles:\n  SME: { users: [U0A] }\napproval_matrix: { low: [], medium: [SME], high: [SME] }',
      'approval_matrix.low (line 3): must list at least one role',
    ],
    [
      'an unknown risk class',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX.replace('}', ', critical: [SME] }')}`,
      'approval_matrix.critical (line 3): is not a known key (use low, medium, high)',
    ],
    [
      'a matrix role not under roles',
      'roles:\n  SME: { users: [U0A] }\napproval_matrix:\n  low: [SME]\n  medium: [SME]\n  high: [SME, CTO]\n',
      'approval_matrix.high[1] (line 6): role “CTO” is not defined under roles (defined roles: SME)',
    ],
    [
      'a matrix role in the wrong case',
      'roles:\n  SRE lead: { users: [U0A] }\napproval_matrix: { low: [sre lead], medium: [SRE lead], high: [SRE lead] }',
      'approval_matrix.low[0] (line 3): role “sre lead” is not defined under roles (did you mean “SRE lead”?)',
    ],
    [
      'a role listed twice in one class',
      'roles:\n  SME: { users: [U0A, U0B] }\napproval_matrix: { low: [SME, SME], medium: [SME], high: [SME] }',
      'approval_matrix.low[1] (line 3): lists “SME” twice',
    ],
    [
      'two roles only one person holds',
      'roles:\n  A: { users: [U0A] }\n  B: { users: [U0A] }\napproval_matrix: { low: [A], medium: [A], high: [A, B] }',
      'approval_matrix.high (line 4): needs 2 different people (A, B)',
    ],
    [
      'a top-level typo',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX}\napprovers: []`,
      'approvers (line 4): is not a known key (use roles, approval_matrix, links, freeze_windows, review, timeouts, gates)',
    ],
    [
      'a link host that is a URL',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX}\nlinks:\n  allowed_hosts: [https://github.com]`,
      'links.allowed_hosts[0] (line 5): "https://github.com" is not a host name',
    ],
    [
      'a review class that is not a risk class',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX}\nreview:\n  risk_classes: [critical]`,
      'review.risk_classes[0] (line 5): must be low, medium or high',
    ],
    [
      'an unknown key under review',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX}\nreview:\n  classes: [high]`,
      'review.classes (line 5): is not a known key (use risk_classes)',
    ],
    [
      'an unknown key under links',
      `roles:\n  SME: { users: [U0A] }\n${MATRIX}\nlinks:\n  hosts: [github.com]`,
      'links.hosts (line 5): is not a known key (use allowed_hosts)',
    ],
    ['missing roles', MATRIX, 'roles (line 1): is missing: define the roles'],
    ['a YAML syntax error', 'roles: [\n', 'line 2: Flow sequence'],
    [
      'a duplicate YAML key',
      'roles:\n  SME: { users: [U0A] }\n  SME: { users: [U0B] }\n',
      'line 3: Map keys must be unique',
    ],
    ['an empty file', '# nothing yet\n', 'the file is empty'],
  ])('rejects %s', (_name, text, expected) => {
    expect(problemsOf(text).join('\n')).toContain(expected);
  });

  it('lets two roles of one class share a holder when others can fill them', () => {
    const text =
      'roles:\n  A: { users: [U0A] }\n  B: { users: [U0A, U0B] }\napproval_matrix: { low: [A], medium: [A], high: [A, B] }';
    expect(parsePolicy(text).approvalMatrix.high).toEqual(['A', 'B']);
  });

  it('does not judge distinct people when a role is held through a user group (members are live)', () => {
    const text =
      'roles:\n  A: { users: [U0A] }\n  B: { usergroups: [S0B] }\napproval_matrix: { low: [A], medium: [A], high: [A, B] }';
    expect(parsePolicy(text).approvalMatrix.high).toEqual(['A', 'B']);
  });

  it('lists every problem of a file in one error, in line order, naming the file', () => {
    const text = [
      'roles:',
      '  SME:',
      '    users: [u0sme1]',
      '  CTO: {}',
      'approval_matrix:',
      '  low: [SME]',
      '  medium: [SRE lead]',
      'owner: me',
    ].join('\n');
    let error: unknown;
    try {
      parsePolicy(text, 'policy.yml');
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(PolicyError);
    const policyError = error as PolicyFileError;
    expect(policyError.code).toBe('policy_invalid');
    expect(policyError.problems).toEqual([
      'roles.SME.users[0] (line 3): "u0sme1" is not a Slack user id (U… or W…, capital letters and digits)',
      'roles.CTO (line 4): has no users and no usergroups: no one could approve for it',
      'approval_matrix.high (line 5): is missing: every risk class (low, medium, high) must list the roles that approve it',
      'approval_matrix.medium[0] (line 7): role “SRE lead” is not defined under roles (defined roles: SME, CTO)',
      'owner (line 8): is not a known key (use roles, approval_matrix, links, freeze_windows, review, timeouts, gates)',
    ]);
    expect(policyError.message).toContain('The policy file policy.yml is invalid');
    for (const problem of policyError.problems) expect(policyError.message).toContain(problem);
  });
});

describe('loadPolicyFile', () => {
  it('names the path when the file cannot be read', () => {
    expect(() => loadPolicyFile('/nonexistent/policy.yml')).toThrow(
      /policy file \/nonexistent\/policy\.yml is invalid[\s\S]*cannot read it \(ENOENT/,
    );
  });
});

describe('describeMatrix', () => {
  const policyWith = (high: string[]): Policy => ({
    roles: { SME: { users: ['U0A'], usergroups: [] } },
    approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high },
  });

  it.each([
    [['SRE lead', 'CTO'], 'Low risk: SME · Medium risk: SRE lead · High risk: SRE lead and CTO'],
    [['CTO'], 'Low risk: SME · Medium risk: SRE lead · High risk: CTO'],
    [
      ['SRE lead', 'CTO', 'CISO'],
      'Low risk: SME · Medium risk: SRE lead · High risk: SRE lead, CTO and CISO',
    ],
  ])('puts high = %j into words', (high, expected) => {
    expect(describeMatrix(policyWith(high))).toBe(expected);
  });

  it('describes the example file as the issue shows', () => {
    expect(describeMatrix(loadPolicyFile(EXAMPLE_PATH))).toBe(
      'Low risk: SME · Medium risk: SRE lead · High risk: SRE lead and CTO',
    );
  });

  it('says that no one can approve without a policy file', () => {
    expect(hasPolicy(NO_POLICY)).toBe(false);
    expect(describeMatrix(NO_POLICY)).toMatch(/no one can approve/);
  });
});

describe('maxDistinctAssignment', () => {
  it.each([
    ['no roles', [], {}, 0],
    ['one holder each', ['A', 'B'], { A: ['u1'], B: ['u2'] }, 2],
    ['one person for two roles', ['A', 'B'], { A: ['u1'], B: ['u1'] }, 1],
    ['needs reassignment', ['A', 'B'], { A: ['u1', 'u2'], B: ['u1'] }, 2],
    ['a role nobody holds', ['A', 'B'], { A: ['u1'] }, 1],
    ['three roles, chain', ['A', 'B', 'C'], { A: ['u1', 'u2'], B: ['u2', 'u3'], C: ['u1'] }, 3],
  ])('%s', (_name, roles, holders, expected) => {
    expect(maxDistinctAssignment(roles, new Map(Object.entries(holders)))).toBe(expected);
  });
});

describe('parsePolicy: no knock-on problems', () => {
  it('reports a missing roles map once, not once per matrix role', () => {
    expect(problemsOf(MATRIX)).toEqual([
      'roles (line 1): is missing: define the roles and their holders, e.g. roles: { SME: { users: [U0123ABCD] } }',
    ]);
  });
});

describe('parsePolicy: hostile files', () => {
  const bomb = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    ...'bcdefghi'.split('').map((k, i) => {
      const prev = 'abcdefghi'[i];
      return `${k}: &${k} [${Array(9).fill(`*${prev}`).join(',')}]`;
    }),
    `roles: { SME: { users: [U0SME1] } }`,
    MATRIX,
  ].join('\n');

  it('refuses a YAML alias bomb ("billion laughs") with the one clear message, quickly', () => {
    const started = Date.now();
    expect(() => parsePolicy(bomb, 'bomb.yml')).toThrow(PolicyFileError);
    expect(problemsOf(bomb).join('\n')).toMatch(/too many aliases/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('still reads a file that reuses a few anchors', () => {
    const policy = parsePolicy(
      'roles:\n  SME: &holders { users: [U0SME1, U0SME2] }\n  SRE: *holders\napproval_matrix: { low: [SME], medium: [SRE], high: [SME, SRE] }\n',
    );
    expect(policy.roles.SRE?.users).toEqual(['U0SME1', 'U0SME2']);
  });
});
