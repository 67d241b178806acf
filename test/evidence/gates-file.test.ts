import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { PolicyFileError, parsePolicy } from '../../src/approval/policy-file.ts';
import { gatesOf } from '../../src/approval/roles.ts';
import { gateInputs } from '../../src/evidence/checks.ts';
import type { EvidenceSource } from '../../src/evidence/types.ts';

const HEAD = `roles:
  SRE lead: { users: [U0SRE1] }
approval_matrix: { low: [SRE lead], medium: [SRE lead], high: [SRE lead] }
gates:
`;
const ALL: EvidenceSource[] = ['github', 'jira', 'pagerduty', 'datadog'];

function problemsOf(yamlText: string, connectors: EvidenceSource[] = ALL): string[] {
  try {
    parsePolicy(yamlText, 'test.yml', { connectors });
  } catch (err) {
    if (err instanceof PolicyFileError) return err.problems;
    throw err;
  }
  throw new Error('expected the policy to be rejected');
}

describe('gates: valid', () => {
  it('reads the issue’s example, with defaults', () => {
    const policy = parsePolicy(
      `${HEAD}  staging:
    - github_checks: { repo: acme/ingest-api, required: [build, test] }
    - datadog_monitors: { tags: ["env:staging", "service:ingest"], max_age: 15m }
  production:
    - pagerduty_incidents: { services: [P1ABCD2], urgency: high }
    - jira_count: { jql: 'project = REL AND priority = Blocker AND statusCategory != Done', max: 0 }
`,
      'test.yml',
      { connectors: ALL },
    );
    expect(gatesOf(policy)).toEqual([
      {
        environment: 'staging',
        checks: [
          { kind: 'github_checks', repo: 'acme/ingest-api', required: ['build', 'test'] },
          {
            kind: 'datadog_monitors',
            tags: ['env:staging', 'service:ingest'],
            warn: 'unknown',
            maxAgeMs: 900_000,
          },
        ],
      },
      {
        environment: 'production',
        checks: [
          { kind: 'pagerduty_incidents', services: ['P1ABCD2'], urgency: 'high', max: 0 },
          {
            kind: 'jira_count',
            jql: 'project = REL AND priority = Blocker AND statusCategory != Done',
            max: 0,
          },
        ],
      },
    ]);
    expect(gateInputs(gatesOf(policy))).toEqual({ ref: true, fixVersion: false });
  });

  it('no gates section: no gates', () => {
    expect(gatesOf(parsePolicy(HEAD.replace('gates:\n', '')))).toEqual([]);
  });
});

describe('gates: every problem with its line', () => {
  it.each([
    [
      'an unknown check',
      '  staging:\n    - sonar_quality: { project: x }\n',
      /gates\.staging\[0\]\.sonar_quality \(line 6\): is not a known key \(use github_checks, jira_count, pagerduty_incidents, datadog_monitors\)/,
    ],
    [
      'an unknown field',
      '  staging:\n    - github_checks: { repo: a/b, branch: main }\n',
      /gates\.staging\[0\]\.github_checks\.branch \(line 6\): is not a known key \(use repo, required, max_age\)/,
    ],
    [
      'a bad duration',
      '  staging:\n    - datadog_monitors: { tags: [a], max_age: soon }\n',
      /max_age \(line 6\): "soon" is not a duration/,
    ],
    [
      'two checks in one entry',
      '  staging:\n    - { jira_count: { jql: x }, github_checks: { repo: a/b } }\n',
      /gates\.staging\[0\] \(line 6\): holds jira_count and github_checks/,
    ],
    ['no checks', '  staging: []\n', /gates\.staging \(line 5\): must list at least one check/],
    ['a bad repo', '  staging:\n    - github_checks: { repo: ingest-api }\n', /must be owner\/name/],
    ['a negative max', '  production:\n    - jira_count: { jql: x, max: -1 }\n', /must be 0 or more/],
    [
      'no services',
      '  production:\n    - pagerduty_incidents: { services: [] }\n',
      /must list at least one service id/,
    ],
  ])('%s', (_, body, message) => {
    expect(problemsOf(`${HEAD}${body}`).join('\n')).toMatch(message);
  });

  it('a check whose connector is not configured names the settings to set', () => {
    const problems = problemsOf(
      `${HEAD}  production:\n    - jira_count: { jql: x }\n    - datadog_monitors: { tags: [a] }\n`,
      ['github'],
    );
    expect(problems).toEqual([
      'gates.production[0].jira_count (line 6): needs the jira connector, which is not configured: set JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN',
      'gates.production[1].datadog_monitors (line 7): needs the datadog connector, which is not configured: set DATADOG_API_KEY and DATADOG_APP_KEY',
    ]);
  });

  it('asks for the fix version only where a JQL uses {fix_version}', () => {
    const policy = parsePolicy(
      `${HEAD}  production:\n    - jira_count: { jql: "fixVersion = {fix_version}" }\n`,
      'x',
      { connectors: ALL },
    );
    expect(gateInputs(gatesOf(policy))).toEqual({ ref: false, fixVersion: true });
  });
});

describe('policy.example.yml', () => {
  it('its commented gates section is valid once uncommented (and the file starts without connectors)', () => {
    const text = readFileSync(new URL('../../policy.example.yml', import.meta.url), 'utf8');
    expect(gatesOf(parsePolicy(text, 'policy.example.yml', { connectors: [] }))).toEqual([]);
    const at = text.indexOf('# gates:');
    const uncommented =
      text.slice(0, at) +
      text
        .slice(at)
        .split('\n')
        .map((l) => l.slice(2))
        .join('\n');
    const gates = gatesOf(parsePolicy(uncommented, 'policy.example.yml', { connectors: ALL }));
    expect(gates.map((g) => [g.environment, g.checks.map((c) => c.kind)])).toEqual([
      ['staging', ['github_checks', 'datadog_monitors']],
      ['production', ['pagerduty_incidents', 'jira_count']],
    ]);
  });
});
