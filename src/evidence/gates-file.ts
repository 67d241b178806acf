import { z } from 'zod';
import type { Path, Problem } from '../approval/yaml-locations.ts';
import { parseDuration } from '../lib/duration.ts';
import { CHECK_KINDS, type CheckKind, type CheckSpec, type GateDefinition, SOURCE_OF } from './checks.ts';
import type { EvidenceSource } from './types.ts';

/** The policy file's `gates:` section: its schema, its cross-field checks, and its Policy form. */
const maxAge = z
  .string({ error: 'must be a duration such as 15m, 2h or 1d' })
  .refine((v) => (parseDuration(v) ?? 0) > 0, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a duration (e.g. 30s, 15m, 2h, 1d)`,
  })
  .optional();
const names = (what: string, example: string) =>
  z.array(
    z
      .string({ error: `must be ${what}` })
      .trim()
      .min(1, 'must not be empty'),
    {
      error: `must be a list of ${what}s, e.g. [${example}]`,
    },
  );
const count = z
  .number({ error: 'must be a whole number, e.g. 0' })
  .int('must be a whole number, e.g. 0')
  .min(0, 'must be 0 or more');

const CHECK_SCHEMAS = {
  github_checks: z.strictObject(
    {
      repo: z
        .string({ error: 'is missing: name the repository, e.g. repo: acme/ingest-api' })
        .regex(/^[\w.-]+\/[\w.-]+$/, 'must be owner/name, e.g. acme/ingest-api'),
      required: names('check name', 'build, test').default([]),
      max_age: maxAge,
    },
    { error: 'must be a map, e.g. { repo: acme/ingest-api, required: [build, test] }' },
  ),
  jira_count: z.strictObject(
    {
      jql: z.string({ error: 'is missing: the JQL to count, in quotes' }).trim().min(1, 'must not be empty'),
      max: count.default(0),
      max_age: maxAge,
    },
    { error: "must be a map, e.g. { jql: 'project = REL AND priority = Blocker', max: 0 }" },
  ),
  pagerduty_incidents: z.strictObject(
    {
      services: names('PagerDuty service id', 'P1ABCD2').min(1, 'must list at least one service id'),
      urgency: z.enum(['high', 'low', 'any'], { error: 'must be high, low or any' }).default('any'),
      max: count.default(0),
      max_age: maxAge,
    },
    { error: 'must be a map, e.g. { services: [P1ABCD2], urgency: high }' },
  ),
  datadog_monitors: z.strictObject(
    {
      tags: names('monitor tag', '"env:staging", "service:ingest"').min(1, 'must list at least one tag'),
      warn: z
        .enum(['fail', 'unknown', 'pass'], { error: 'must be fail, unknown or pass' })
        .default('unknown'),
      max_age: maxAge,
    },
    { error: 'must be a map, e.g. { tags: ["env:staging"], max_age: 15m }' },
  ),
} as const;

const CheckEntrySchema = z.strictObject(
  {
    github_checks: CHECK_SCHEMAS.github_checks.optional(),
    jira_count: CHECK_SCHEMAS.jira_count.optional(),
    pagerduty_incidents: CHECK_SCHEMAS.pagerduty_incidents.optional(),
    datadog_monitors: CHECK_SCHEMAS.datadog_monitors.optional(),
  },
  {
    error: `must be one check, e.g. - github_checks: { repo: acme/api, required: [build] } (checks: ${CHECK_KINDS.join(', ')})`,
  },
);
type CheckEntry = z.infer<typeof CheckEntrySchema>;

export const GatesSchema = z.record(
  z.string(),
  z
    .array(CheckEntrySchema, { error: 'must be a list of checks, e.g. - jira_count: { jql: "…", max: 0 }' })
    .min(1, 'must list at least one check'),
  { error: 'must be a map of environment → list of checks, e.g. production: [- pagerduty_incidents: …]' },
);
type GatesFile = z.infer<typeof GatesSchema>;

/** What the policy file is checked against besides itself: the evidence connectors configured. */
export interface PolicyOptions {
  connectors?: readonly EvidenceSource[];
}

/** The keys allowed at a place under `gates:` (for "is not a known key" messages). */
export function gateKeysAt(path: Path): string {
  const kind = path[3];
  if (typeof kind === 'string' && kind in CHECK_SCHEMAS) {
    return Object.keys(CHECK_SCHEMAS[kind as CheckKind].shape).join(', ');
  }
  return CHECK_KINDS.join(', ');
}

/**
 * Checks the schema cannot express, on the raw YAML value: one check per list entry, and each
 * check's connector configured (`connectors` undefined: not checked, e.g. a file checked alone).
 */
export function gateProblems(file: unknown, connectors: readonly EvidenceSource[] | undefined): Problem[] {
  const gates = asRecord(asRecord(file)?.gates);
  if (!gates) return [];
  return Object.entries(gates).flatMap(([environment, list]) => {
    if (!Array.isArray(list)) return [];
    return list.flatMap((entry, index): Problem[] => {
      const fields = asRecord(entry);
      if (!fields) return [];
      const path = ['gates', environment, index];
      const kinds = Object.keys(fields).filter((k): k is CheckKind =>
        (CHECK_KINDS as readonly string[]).includes(k),
      );
      if (kinds.length > 1)
        return [{ path, message: `holds ${kinds.join(' and ')}: write one check per entry` }];
      if (Object.keys(fields).length === 0)
        return [{ path, message: `is empty: name a check (${CHECK_KINDS.join(', ')})` }];
      return kinds.flatMap((kind) => connectorProblems(kind, [...path, kind], connectors));
    });
  });
}

const SETTINGS: Record<EvidenceSource, string> = {
  github: 'GITHUB_TOKEN',
  jira: 'JIRA_BASE_URL, JIRA_EMAIL and JIRA_API_TOKEN',
  pagerduty: 'PAGERDUTY_API_KEY',
  datadog: 'DATADOG_API_KEY and DATADOG_APP_KEY',
};

function connectorProblems(
  kind: CheckKind,
  path: Path,
  connectors: readonly EvidenceSource[] | undefined,
): Problem[] {
  const source = SOURCE_OF[kind];
  if (connectors === undefined || connectors.includes(source)) return [];
  return [
    { path, message: `needs the ${source} connector, which is not configured: set ${SETTINGS[source]}` },
  ];
}

/** The validated section as the Policy holds it (called only once every check has passed). */
export function toGates(file: GatesFile): GateDefinition[] {
  return Object.entries(file).map(([environment, entries]) => ({
    environment,
    checks: entries.flatMap(toCheck),
  }));
}

function toCheck(entry: CheckEntry): CheckSpec[] {
  const age = (text: string | undefined) => {
    const ms = text === undefined ? undefined : parseDuration(text);
    return ms === undefined || ms <= 0 ? {} : { maxAgeMs: ms };
  };
  const { github_checks: gh, jira_count: jira, pagerduty_incidents: pd, datadog_monitors: dd } = entry;
  if (gh) return [{ kind: 'github_checks', repo: gh.repo, required: gh.required, ...age(gh.max_age) }];
  if (jira) return [{ kind: 'jira_count', jql: jira.jql, max: jira.max, ...age(jira.max_age) }];
  if (pd) {
    return [
      {
        kind: 'pagerduty_incidents',
        services: pd.services,
        urgency: pd.urgency,
        max: pd.max,
        ...age(pd.max_age),
      },
    ];
  }
  if (dd) return [{ kind: 'datadog_monitors', tags: dd.tags, warn: dd.warn, ...age(dd.max_age) }];
  return [];
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
