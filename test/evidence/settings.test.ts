import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { ConfigError } from '../../src/errors.ts';
import { configuredSources } from '../../src/evidence/collect.ts';

const BASE = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  OPENAI_API_KEY: 'sk-1',
  OPENAI_MODEL: 'gpt-5.5',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...BASE, ...env }, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('evidence connector settings (config.ts)', () => {
  it('none configured: no connector, default bounds', () => {
    const { evidence } = loadConfig(BASE, '/srv/app');
    expect(configuredSources(evidence)).toEqual([]);
    expect(evidence).toMatchObject({ timeoutMs: 10_000, cacheMs: 60_000 });
  });

  it('each connector exists once configured, with its default URL', () => {
    const { evidence } = loadConfig(
      {
        ...BASE,
        GITHUB_TOKEN: 'ghp_x',
        JIRA_BASE_URL: 'https://acme.atlassian.net',
        JIRA_EMAIL: 'bot@acme.example',
        JIRA_API_TOKEN: 't',
        PAGERDUTY_API_KEY: 'k',
        DATADOG_API_KEY: 'a',
        DATADOG_APP_KEY: 'b',
        DATADOG_SITE: 'datadoghq.eu',
      },
      '/srv/app',
    );
    expect(configuredSources(evidence)).toEqual(['github', 'jira', 'pagerduty', 'datadog']);
    expect(evidence.github?.apiUrl).toBe('https://api.github.com');
    expect(evidence.pagerduty?.apiUrl).toBe('https://api.pagerduty.com');
    expect(evidence.datadog?.apiUrl).toBe('https://api.datadoghq.eu');
  });

  it.each([
    [
      { JIRA_BASE_URL: 'https://acme.atlassian.net' },
      'JIRA_EMAIL and JIRA_API_TOKEN are missing: JIRA_BASE_URL is set',
    ],
    [{ JIRA_BASE_URL: 'https://acme.atlassian.net', JIRA_EMAIL: 'a@b.c' }, 'JIRA_API_TOKEN is missing'],
    [{ DATADOG_API_KEY: 'a' }, 'DATADOG_APP_KEY is missing: DATADOG_API_KEY is set'],
    [{ DATADOG_SITE: 'datadoghq.eu' }, 'DATADOG_API_KEY and DATADOG_APP_KEY are missing'],
    [
      {
        DATADOG_API_KEY: 'a',
        DATADOG_APP_KEY: 'b',
        DATADOG_SITE: 'datadoghq.eu',
        DATADOG_API_URL: 'https://x.example',
      },
      'set one',
    ],
    [{ GITHUB_API_URL: 'https://ghe.acme.example/api/v3' }, 'GITHUB_TOKEN is missing'],
    [{ PAGERDUTY_API_URL: 'https://api.eu.pagerduty.com' }, 'PAGERDUTY_API_KEY is missing'],
    [{ GITHUB_TOKEN: 'x', GITHUB_API_URL: 'http://ghe.acme.example/api/v3' }, 'must be an https:// URL'],
    [{ EVIDENCE_TIMEOUT_MS: 'soon' }, 'EVIDENCE_TIMEOUT_MS'],
  ])('partial or bad: %j', (env, message) => {
    expect(problemsOf(env).join('\n')).toContain(message);
  });

  it('every problem at once, with the others', () => {
    expect(problemsOf({ JIRA_EMAIL: 'a@b.c', DATADOG_APP_KEY: 'b', OPENAI_MODEL: '' })).toHaveLength(3);
  });
});
