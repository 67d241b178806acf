import { describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/approval/policy-file.ts';
import { freezeWindowsOf } from '../../src/approval/roles.ts';
import { problemsOf } from './policy-problems.ts';

const HEAD = `roles:
  SRE lead: { users: [U0SRE1] }
  CTO: { users: [U0CTO1] }
approval_matrix: { low: [SRE lead], medium: [SRE lead], high: [SRE lead, CTO] }
freeze_windows:
`;

describe('freeze_windows: valid entries', () => {
  it('reads a recurring window and a one-off one, with their defaults', () => {
    const policy = parsePolicy(`${HEAD}  - name: Year-end freeze
    start: "0 0 15 12 *"
    end: "0 0 5 1 *"
    timezone: Europe/Berlin
    risk_classes: [medium, high]
    exception_role: CTO
  - name: Payments launch
    from: 2026-12-01T00:00:00Z
    until: "2026-12-03T01:00:00+01:00"
`);
    expect(freezeWindowsOf(policy)).toEqual([
      {
        name: 'Year-end freeze',
        schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
        timezone: 'Europe/Berlin',
        riskClasses: ['medium', 'high'],
        exceptionRole: 'CTO',
      },
      {
        name: 'Payments launch',
        schedule: {
          kind: 'once',
          from: new Date('2026-12-01T00:00:00Z'),
          until: new Date('2026-12-03T00:00:00Z'),
        },
        timezone: 'UTC',
        riskClasses: ['low', 'medium', 'high'],
      },
    ]);
  });

  it('has no freeze windows without the key', () => {
    expect(freezeWindowsOf(parsePolicy(HEAD.replace('freeze_windows:\n', '')))).toEqual([]);
  });
});

describe('freeze_windows: problems, each with its line', () => {
  it.each([
    [
      'a bad cron expression',
      '  - name: A\n    start: "0 0 35 12 *"\n    end: "0 0 5 1 *"\n',
      'freeze_windows[0].start (line 7): "0 0 35 12 *" is not a cron expression of five fields',
    ],
    [
      'a cron expression of six fields',
      '  - name: A\n    start: "0 0 0 15 12 *"\n    end: "0 0 5 1 *"\n',
      'freeze_windows[0].start (line 7): "0 0 0 15 12 *" is not a cron expression of five fields',
    ],
    [
      'a cron expression that never matches',
      '  - name: A\n    start: "0 0 15 12 *"\n    end: "0 0 30 2 *"\n',
      'freeze_windows[0].end (line 8): "0 0 30 2 *" never matches',
    ],
    [
      'an unknown time zone',
      '  - name: A\n    start: "0 0 15 12 *"\n    end: "0 0 5 1 *"\n    timezone: Europe/Atlantis\n',
      'freeze_windows[0].timezone (line 9): "Europe/Atlantis" is not a known time zone',
    ],
    [
      'a one-off window ending before it starts',
      '  - name: A\n    from: 2026-12-03T00:00:00Z\n    until: 2026-12-01T00:00:00Z\n',
      'freeze_windows[0].until (line 8): must be after from',
    ],
    [
      'a one-off window ending where it starts',
      '  - name: A\n    from: 2026-12-03T00:00:00Z\n    until: 2026-12-03T00:00:00Z\n',
      'freeze_windows[0].until (line 8): must be after from',
    ],
    [
      'an instant without its offset',
      '  - name: A\n    from: 2026-12-01\n    until: 2026-12-03T00:00:00Z\n',
      'freeze_windows[0].from (line 7): "2026-12-01" is not an instant with its offset',
    ],
    [
      'an unknown exception role',
      '  - name: A\n    from: 2026-12-01T00:00:00Z\n    until: 2026-12-03T00:00:00Z\n    exception_role: cto\n',
      'freeze_windows[0].exception_role (line 9): role “cto” is not defined under roles (did you mean “CTO”?)',
    ],
    [
      'an unknown key',
      '  - name: A\n    from: 2026-12-01T00:00:00Z\n    until: 2026-12-03T00:00:00Z\n    risk: [high]\n',
      'freeze_windows[0].risk (line 9): is not a known key (use name, start, end, timezone, from, until, risk_classes, exception_role)',
    ],
    [
      'an unknown risk class',
      '  - name: A\n    from: 2026-12-01T00:00:00Z\n    until: 2026-12-03T00:00:00Z\n    risk_classes: [critical]\n',
      'freeze_windows[0].risk_classes[0] (line 9)',
    ],
    [
      'both kinds at once',
      '  - name: A\n    start: "0 0 15 12 *"\n    end: "0 0 5 1 *"\n    from: 2026-12-01T00:00:00Z\n',
      'freeze_windows[0].from (line 9): use either start/end (cron) or from/until (instants), not both',
    ],
    ['neither kind', '  - name: A\n', 'freeze_windows[0] (line 6): needs start and end'],
    [
      'a start without an end',
      '  - name: A\n    start: "0 0 15 12 *"\n',
      'freeze_windows[0].start (line 7): has no end',
    ],
    [
      'a missing name',
      '  - from: 2026-12-01T00:00:00Z\n    until: 2026-12-03T00:00:00Z\n',
      'freeze_windows[0].name (line 6): is missing',
    ],
    [
      'two windows with one name',
      '  - { name: A, from: 2026-12-01T00:00:00Z, until: 2026-12-03T00:00:00Z }\n  - { name: A, from: 2026-12-05T00:00:00Z, until: 2026-12-06T00:00:00Z }\n',
      'freeze_windows[1].name (line 7): another freeze window is already named “A”',
    ],
    ['not a list', '  name: A\n', 'freeze_windows (line 5): must be a list of freeze windows'],
  ])('rejects %s', (_name, entries, expected) => {
    expect(problemsOf(`${HEAD}${entries}`).join('\n')).toContain(expected);
  });
});
