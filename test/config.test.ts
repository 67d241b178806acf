import { describe, expect, it } from 'vitest';
import { loadConfig, modelChoices } from '../src/config.ts';
import { ConfigError } from '../src/errors.ts';

const HTTP_OPENAI = {
  SLACK_BOT_TOKEN: 'xoxb-1',
  SLACK_SIGNING_SECRET: 'secret',
  OPENAI_API_KEY: 'sk-1',
  OPENAI_MODEL: 'gpt-5.5',
};

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('loadConfig', () => {
  it.each([
    [{}, undefined, []],
    [{ REVIEW_MODEL: 'openai:gpt-5.5-mini' }, 'openai:gpt-5.5-mini', []],
    [
      { REVIEW_MODEL: 'claude' },
      undefined,
      ['REVIEW_MODEL: must be provider:model, e.g. anthropic:claude-…'],
    ],
    [
      { REVIEW_MODEL: 'anthropic:claude-x' },
      undefined,
      ['REVIEW_MODEL names anthropic, which is not configured: set its key and model, or unset it'],
    ],
  ])('reads REVIEW_MODEL (%j)', (env, reviewModel, problems) => {
    expect(problemsOf({ ...HTTP_OPENAI, ...env })).toEqual(problems);
    if (problems.length === 0) expect(loadConfig({ ...HTTP_OPENAI, ...env }).reviewModel).toBe(reviewModel);
  });

  it('names every missing setting at once, with how to get it', () => {
    const problems = problemsOf({});
    expect(problems).toHaveLength(3);
    expect(problems[0]).toMatch(/SLACK_BOT_TOKEN is missing: .*OAuth & Permissions/);
    expect(problems[1]).toMatch(/SLACK_SIGNING_SECRET .* or SLACK_APP_TOKEN .*Basic Information/);
    expect(problems[2]).toMatch(/no model provider .*OPENAI_API_KEY.*ANTHROPIC_API_KEY/);
  });

  it('points to manifest.yml in the one message', () => {
    expect(() => loadConfig({}, '/srv/app')).toThrow(/Create one from manifest\.yml/);
  });

  it.each([
    [{ ...HTTP_OPENAI, OPENAI_MODEL: '' }, /OPENAI_MODEL is missing/],
    [{ ...HTTP_OPENAI, ANTHROPIC_MODEL: 'claude-x' }, /ANTHROPIC_API_KEY is missing/],
    [{ ...HTTP_OPENAI, SLACK_BOT_TOKEN: 'nope' }, /SLACK_BOT_TOKEN: must start with xoxb-/],
    [{ ...HTTP_OPENAI, SLACK_APP_TOKEN: 'xoxb-wrong' }, /SLACK_APP_TOKEN: must start with xapp-/],
    [{ ...HTTP_OPENAI, PORT: 'eighty' }, /PORT: must be a whole number/],
    [{ ...HTTP_OPENAI, SLACK_API_URL: 'not a url' }, /SLACK_API_URL/],
    [{ ...HTTP_OPENAI, OPENAI_API_STYLE: 'soap' }, /OPENAI_API_STYLE/],
    [
      { ...HTTP_OPENAI, DATABASE_URL: 'mysql://db/x' },
      /DATABASE_URL "mysql:…" is not supported.*postgres:\/\//,
    ],
    [{ ...HTTP_OPENAI, DATABASE_POOL_SIZE: '0' }, /DATABASE_POOL_SIZE/],
    [{ ...HTTP_OPENAI, SLACK_APP_ID: 'my-app' }, /SLACK_APP_ID: must be an app id/],
    [{ ...HTTP_OPENAI, SLACK_TEAM_IDS: 'T1, acme' }, /SLACK_TEAM_IDS: .*team \(T…\).*"acme"/],
    [
      { ...HTTP_OPENAI, SLACK_METHOD_BUDGET_SHARE: '2' },
      /SLACK_METHOD_BUDGET_SHARE: must be a number from 0 to 1/,
    ],
  ])('rejects a contradictory or malformed setting (%#)', (env, problem) => {
    expect(problemsOf(env).join('\n')).toMatch(problem);
  });

  it('reports format problems and absent settings together', () => {
    const problems = problemsOf({ SLACK_BOT_TOKEN: 'bad', PORT: '-1' });
    expect(problems.join('\n')).toMatch(/SLACK_BOT_TOKEN: must start/);
    expect(problems.join('\n')).toMatch(/PORT: must be a whole number/);
    expect(problems.join('\n')).toMatch(/no model provider/);
  });

  it('builds an HTTP-mode config with defaults', () => {
    const config = loadConfig(HTTP_OPENAI, '/srv/app');
    expect(config.slack.mode).toBe('http');
    expect(config.port).toBe(3000);
    expect(config.openai).toMatchObject({ models: ['gpt-5.5'], apiStyle: 'responses' });
    expect(config.anthropic).toBeUndefined();
    expect(config.database).toEqual({ kind: 'sqlite', path: '/srv/app/data/release-planner.db' });
    expect(config.logLevel).toBe('info');
  });

  it('reads the app id and the allowed teams (unset: the token’s own team, learned at start-up)', () => {
    expect(loadConfig(HTTP_OPENAI, '/srv').slack).toMatchObject({ appId: undefined, teamIds: undefined });
    expect(loadConfig(HTTP_OPENAI, '/srv').slack.methodBudgetShare).toBe(1);
    expect(
      loadConfig({ ...HTTP_OPENAI, SLACK_METHOD_BUDGET_SHARE: '0.5' }, '/srv').slack.methodBudgetShare,
    ).toBe(0.5);
    const config = loadConfig(
      { ...HTTP_OPENAI, SLACK_APP_ID: ' A0APP ', SLACK_TEAM_IDS: 'T0A, E0GRID ,' },
      '/srv',
    );
    expect(config.slack).toMatchObject({ appId: 'A0APP', teamIds: ['T0A', 'E0GRID'] });
  });

  it('chooses Socket Mode when an app token is given', () => {
    const config = loadConfig(
      { ...HTTP_OPENAI, SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: 'xapp-1' },
      '/srv',
    );
    expect(config.slack.mode).toBe('socket');
  });

  it('serves /metrics on its own port only when METRICS_PORT is a port number', () => {
    expect(loadConfig(HTTP_OPENAI, '/srv').metricsPort).toBeUndefined();
    expect(loadConfig({ ...HTTP_OPENAI, METRICS_PORT: ' ' }, '/srv').metricsPort).toBeUndefined();
    expect(loadConfig({ ...HTTP_OPENAI, METRICS_PORT: '9464' }, '/srv').metricsPort).toBe(9464);
    for (const bad of ['abc', '1.5', '-1', '70000']) {
      expect(problemsOf({ ...HTTP_OPENAI, METRICS_PORT: bad })).toEqual([
        'METRICS_PORT: must be a port number (0–65535)',
      ]);
    }
  });

  it('treats blank values as unset and trims', () => {
    const config = loadConfig({ ...HTTP_OPENAI, PORT: '  ', OPENAI_MODEL: ' a , b ,' }, '/srv');
    expect(config.port).toBe(3000);
    expect(config.openai?.models).toEqual(['a', 'b']);
  });

  it.each([
    ['sqlite:./x.db', '/srv/x.db'],
    ['sqlite:/var/lib/plans.db', '/var/lib/plans.db'],
    ['file:plans.db', '/srv/plans.db'],
    ['sqlite::memory:', ':memory:'],
  ])('reads DATABASE_URL %s', (url, path) => {
    expect(loadConfig({ ...HTTP_OPENAI, DATABASE_URL: url }, '/srv').database).toEqual({
      kind: 'sqlite',
      path,
    });
  });

  it.each(['postgres://rp:pw@db:5432/plans', 'postgresql://db/plans?sslmode=require'])(
    'selects PostgreSQL for %s, with a pool of 10 unless DATABASE_POOL_SIZE says otherwise',
    (url) => {
      expect(loadConfig({ ...HTTP_OPENAI, DATABASE_URL: url }).database).toEqual({
        kind: 'postgres',
        url,
        poolSize: 10,
      });
      const sized = loadConfig({ ...HTTP_OPENAI, DATABASE_URL: url, DATABASE_POOL_SIZE: '25' });
      expect(sized.database).toMatchObject({ kind: 'postgres', poolSize: 25 });
    },
  );
});

describe('modelChoices', () => {
  it('offers only configured provider/model pairs, in order', () => {
    const config = loadConfig(
      {
        ...HTTP_OPENAI,
        OPENAI_MODEL: 'gpt-5.5,gpt-mini',
        ANTHROPIC_API_KEY: 'k',
        ANTHROPIC_MODEL: 'claude-opus-4-6',
      },
      '/srv',
    );
    expect(modelChoices(config).map((c) => [c.id, c.label])).toEqual([
      ['openai:gpt-5.5', 'OpenAI · gpt-5.5'],
      ['openai:gpt-mini', 'OpenAI · gpt-mini'],
      ['anthropic:claude-opus-4-6', 'Anthropic · claude-opus-4-6'],
    ]);
  });
});
