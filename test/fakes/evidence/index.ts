import {
  createEvidenceCollector,
  type EvidenceCollector,
  type EvidenceSettings,
} from '../../../src/evidence/collect.ts';
import type { Clock } from '../../../src/lib/clock.ts';
import { type FakeDatadog, startFakeDatadog } from './datadog.ts';
import { type FakeGithub, startFakeGithub } from './github.ts';
import { type FakeJira, startFakeJira } from './jira.ts';
import { type FakePagerduty, startFakePagerduty } from './pagerduty.ts';

export type { FakeDatadog, FakeGithub, FakeJira, FakePagerduty };

/** The four fakes, and the credentials the app is configured with for them (to look for leaks). */
export interface EvidenceFakes {
  github: FakeGithub;
  jira: FakeJira;
  pagerduty: FakePagerduty;
  datadog: FakeDatadog;
  /** Environment settings pointing the app at the fakes. */
  env: Record<string, string>;
  /** Every credential in `env`, as sent (the Jira one also base64-encoded in its Basic header). */
  secrets: string[];
  all(): (FakeGithub | FakeJira | FakePagerduty | FakeDatadog)[];
  close(): Promise<void>;
}

export const FAKE_CREDENTIALS = {
  GITHUB_TOKEN: 'ghp_FakeEvidenceToken0123456789abcdefABCD',
  JIRA_EMAIL: 'release-bot@acme.example',
  JIRA_API_TOKEN: 'ATATT3xFakeJiraToken0123456789',
  PAGERDUTY_API_KEY: 'u+FakePagerDutyKey0123',
  DATADOG_API_KEY: 'ddapi0123456789abcdef0123456789ab',
  DATADOG_APP_KEY: 'ddapp0123456789abcdef0123456789abcdef0123',
} as const;

export async function startEvidenceFakes(): Promise<EvidenceFakes> {
  const [github, jira, pagerduty, datadog] = await Promise.all([
    startFakeGithub(),
    startFakeJira(),
    startFakePagerduty(),
    startFakeDatadog(),
  ]);
  const env = {
    ...FAKE_CREDENTIALS,
    GITHUB_API_URL: github.url,
    JIRA_BASE_URL: jira.url,
    PAGERDUTY_API_URL: pagerduty.url,
    DATADOG_API_URL: datadog.url,
  };
  const basic = Buffer.from(`${FAKE_CREDENTIALS.JIRA_EMAIL}:${FAKE_CREDENTIALS.JIRA_API_TOKEN}`).toString(
    'base64',
  );
  const secrets = [
    FAKE_CREDENTIALS.GITHUB_TOKEN,
    FAKE_CREDENTIALS.JIRA_API_TOKEN,
    FAKE_CREDENTIALS.PAGERDUTY_API_KEY,
    FAKE_CREDENTIALS.DATADOG_API_KEY,
    FAKE_CREDENTIALS.DATADOG_APP_KEY,
    basic,
  ];
  const all = () => [github, jira, pagerduty, datadog];
  return {
    github,
    jira,
    pagerduty,
    datadog,
    env,
    secrets,
    all,
    close: async () => void (await Promise.all(all().map((f) => f.close()))),
  };
}

/** A collector wired to the fakes, with small bounds for tests. */
export function fakeCollector(
  fakes: EvidenceFakes,
  clock: Clock,
  overrides: Partial<EvidenceSettings> = {},
  sleep?: (ms: number) => Promise<void>,
): EvidenceCollector {
  const c = FAKE_CREDENTIALS;
  return createEvidenceCollector(
    {
      github: { token: c.GITHUB_TOKEN, apiUrl: fakes.github.url },
      jira: { baseUrl: fakes.jira.url, email: c.JIRA_EMAIL, apiToken: c.JIRA_API_TOKEN },
      pagerduty: { apiKey: c.PAGERDUTY_API_KEY, apiUrl: fakes.pagerduty.url },
      datadog: { apiKey: c.DATADOG_API_KEY, appKey: c.DATADOG_APP_KEY, apiUrl: fakes.datadog.url },
      timeoutMs: 2000,
      cacheMs: 60_000,
      maxRetryWaitMs: 200,
      checkDeadlineMs: 8000,
      ...overrides,
    },
    { fetch: globalThis.fetch, clock, ...(sleep ? { sleep } : {}) },
  );
}
