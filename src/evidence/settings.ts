import { z } from 'zod';
import type { EvidenceSettings } from './collect.ts';

/**
 * The evidence connectors' settings, as config.ts reads them from the environment (this module
 * never reads it itself). All optional: a connector exists only when configured; a partial one
 * (a URL without its key, an email without its token) is a start-up problem naming what is missing.
 */
const optional = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();
/** https, or http only to this machine (tests, a local proxy): credentials never cross a network in clear. */
const baseUrl = optional.pipe(
  z
    .url({ error: 'must be a URL, e.g. https://api.github.com' })
    .refine((v) => {
      const url = new URL(v);
      return (
        url.protocol === 'https:' ||
        (url.protocol === 'http:' && ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname))
      );
    }, 'must be an https:// URL (http:// only to localhost)')
    .optional(),
);
const ms = (fallback: number) =>
  optional.transform((v, ctx) => {
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) {
      ctx.addIssue({ code: 'custom', message: `must be a whole number of milliseconds, got "${v}"` });
      return z.NEVER;
    }
    return n;
  });

export const EVIDENCE_ENV = {
  GITHUB_TOKEN: optional,
  GITHUB_API_URL: baseUrl,
  JIRA_BASE_URL: baseUrl,
  JIRA_EMAIL: optional,
  JIRA_API_TOKEN: optional,
  PAGERDUTY_API_KEY: optional,
  PAGERDUTY_API_URL: baseUrl,
  DATADOG_API_KEY: optional,
  DATADOG_APP_KEY: optional,
  DATADOG_SITE: optional.pipe(
    z
      .string()
      .regex(/^[a-z0-9.-]+\.[a-z]{2,}$/, 'must be a Datadog site such as datadoghq.com or datadoghq.eu')
      .optional(),
  ),
  DATADOG_API_URL: baseUrl,
  EVIDENCE_TIMEOUT_MS: ms(10_000),
  EVIDENCE_CACHE_MS: ms(60_000),
};

type Env = z.infer<z.ZodObject<typeof EVIDENCE_ENV>>;

/** A group's settings when all are set; a problem naming the missing ones when only some are. */
function group<T>(
  names: string[],
  values: (string | undefined)[],
  problems: string[],
  build: () => T,
): T | undefined {
  const missing = names.filter((_, i) => values[i] === undefined);
  if (missing.length === 0) return build();
  if (missing.length < names.length) {
    const set = names.filter((_, i) => values[i] !== undefined);
    problems.push(
      `${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} missing: ${set.join(' and ')} ${set.length === 1 ? 'is' : 'are'} set, so the connector needs ${missing.length === 1 ? 'it' : 'them'} too (or unset ${set.join(', ')})`,
    );
  }
  return undefined;
}

export function evidenceSettings(e: Env, problems: string[]): EvidenceSettings {
  const github = group(['GITHUB_TOKEN'], [e.GITHUB_TOKEN], [], () => ({
    token: e.GITHUB_TOKEN ?? '',
    apiUrl: e.GITHUB_API_URL ?? 'https://api.github.com',
  }));
  if (!github && e.GITHUB_API_URL)
    problems.push(
      'GITHUB_TOKEN is missing: GITHUB_API_URL is set, so the GitHub connector needs a token with read access to checks and statuses',
    );
  const jira = group(
    ['JIRA_BASE_URL', 'JIRA_EMAIL', 'JIRA_API_TOKEN'],
    [e.JIRA_BASE_URL, e.JIRA_EMAIL, e.JIRA_API_TOKEN],
    problems,
    () => ({
      baseUrl: e.JIRA_BASE_URL ?? '',
      email: e.JIRA_EMAIL ?? '',
      apiToken: e.JIRA_API_TOKEN ?? '',
    }),
  );
  const pagerduty = group(['PAGERDUTY_API_KEY'], [e.PAGERDUTY_API_KEY], [], () => ({
    apiKey: e.PAGERDUTY_API_KEY ?? '',
    apiUrl: e.PAGERDUTY_API_URL ?? 'https://api.pagerduty.com',
  }));
  if (!pagerduty && e.PAGERDUTY_API_URL)
    problems.push(
      'PAGERDUTY_API_KEY is missing: PAGERDUTY_API_URL is set, so the PagerDuty connector needs a read-only API key',
    );
  if (e.DATADOG_SITE && e.DATADOG_API_URL)
    problems.push(
      'DATADOG_SITE and DATADOG_API_URL are both set: set one (the site, e.g. datadoghq.eu, or the API URL)',
    );
  const datadog = group(
    ['DATADOG_API_KEY', 'DATADOG_APP_KEY'],
    [e.DATADOG_API_KEY, e.DATADOG_APP_KEY],
    problems,
    () => ({
      apiKey: e.DATADOG_API_KEY ?? '',
      appKey: e.DATADOG_APP_KEY ?? '',
      apiUrl: e.DATADOG_API_URL ?? `https://api.${e.DATADOG_SITE ?? 'datadoghq.com'}`,
    }),
  );
  if (!datadog && !e.DATADOG_API_KEY && !e.DATADOG_APP_KEY && (e.DATADOG_SITE || e.DATADOG_API_URL)) {
    problems.push(
      'DATADOG_API_KEY and DATADOG_APP_KEY are missing: a Datadog site or URL is set, so the connector needs both keys',
    );
  }
  const timeoutMs = e.EVIDENCE_TIMEOUT_MS;
  return {
    github,
    jira,
    pagerduty,
    datadog,
    timeoutMs,
    cacheMs: e.EVIDENCE_CACHE_MS,
    maxRetryWaitMs: Math.min(5000, timeoutMs),
    checkDeadlineMs: timeoutMs * 3 + 5000,
  };
}
