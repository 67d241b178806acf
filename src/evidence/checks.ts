import type { EvidenceSource } from './types.ts';

/**
 * The checks a policy gate lists (the policy file's `gates:` section, parsed in gates-file.ts).
 * Each names the connector it reads from; a gate's status is computed from their records by code.
 */
export interface GithubChecks {
  kind: 'github_checks';
  /** owner/name */
  repo: string;
  /** Check run (or commit status context) names that must succeed; empty: every reported one. */
  required: readonly string[];
  maxAgeMs?: number;
}

export interface JiraCount {
  kind: 'jira_count';
  /** JQL; `{fix_version}` stands for the request's fix version, quoted. */
  jql: string;
  /** The most matching issues that still pass. */
  max: number;
  maxAgeMs?: number;
}

export interface PagerdutyIncidents {
  kind: 'pagerduty_incidents';
  services: readonly string[];
  urgency: 'high' | 'low' | 'any';
  /** The most open (triggered or acknowledged) incidents that still pass. */
  max: number;
  maxAgeMs?: number;
}

export interface DatadogMonitors {
  kind: 'datadog_monitors';
  /** Monitor tags, all of which a monitor carries (Datadog's monitor_tags). */
  tags: readonly string[];
  /** What a monitor in Warn makes of the check: never a pass unless the policy says so. */
  warn: 'fail' | 'unknown' | 'pass';
  maxAgeMs?: number;
}

export type CheckSpec = GithubChecks | JiraCount | PagerdutyIncidents | DatadogMonitors;
export type CheckKind = CheckSpec['kind'];

export const CHECK_KINDS = [
  'github_checks',
  'jira_count',
  'pagerduty_incidents',
  'datadog_monitors',
] as const satisfies readonly CheckKind[];

export const SOURCE_OF: Record<CheckKind, EvidenceSource> = {
  github_checks: 'github',
  jira_count: 'jira',
  pagerduty_incidents: 'pagerduty',
  datadog_monitors: 'datadog',
};

/** A gate of the policy: an environment and the checks that decide it, in file order. */
export interface GateDefinition {
  environment: string;
  checks: readonly CheckSpec[];
}

export const FIX_VERSION_PLACEHOLDER = '{fix_version}';

/** Whether the request form should ask for the commit/ref and for the fix version. */
export function gateInputs(gates: readonly GateDefinition[]): { ref: boolean; fixVersion: boolean } {
  const checks = gates.flatMap((g) => g.checks);
  return {
    ref: checks.some((c) => c.kind === 'github_checks'),
    fixVersion: checks.some((c) => c.kind === 'jira_count' && c.jql.includes(FIX_VERSION_PLACEHOLDER)),
  };
}
