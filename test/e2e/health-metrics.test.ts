import { afterEach, describe, expect, it } from 'vitest';
import { parsePrometheus, sampleSum, sampleValue } from '../support/prometheus.ts';
import { requestPlan, thread } from './flow.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

describe('health and metrics over HTTP', () => {
  let running: Harness | undefined;
  const start = async (options: HarnessOptions = {}) => {
    running = await startHarness(options);
    return running;
  };
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const get = (port: number | undefined, path: string) => fetch(`http://127.0.0.1:${port}${path}`);

  it('counts one whole plan on /metrics: plans, model calls, Slack calls, time to first section', async () => {
    const h = await start();
    await requestPlan(h, { model: 'openai:gpt-test' });
    expect(thread(h).length).toBeGreaterThanOrEqual(6);

    const res = await get(h.app.port, '/metrics');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(await res.text());
    expect(sampleValue(samples, 'release_planner_plans_started_total')).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_finished_total')).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_in_flight')).toBe(0);
    expect(
      sampleValue(samples, 'release_planner_model_calls_total', {
        provider: 'openai',
        model: 'gpt-test',
        purpose: 'plan',
        outcome: 'ok',
      }),
    ).toBe(1);
    expect(sampleSum(samples, 'release_planner_model_tokens_total', { provider: 'openai' })).toBeGreaterThan(
      0,
    );
    expect(
      sampleValue(samples, 'release_planner_slack_api_calls_total', { method: 'chat.postMessage' }),
    ).toBeGreaterThan(6);
    expect(sampleValue(samples, 'release_planner_time_to_first_section_seconds_count')).toBe(1);
    expect(sampleValue(samples, 'release_planner_time_to_last_section_seconds_count')).toBe(1);
    expect(sampleValue(samples, 'release_planner_db_pool_connections', { state: 'total' })).toBe(1);
  });

  it('answers /healthz and /readyz with the database and Slack auth checked', async () => {
    const h = await start();
    const health = await get(h.app.port, '/healthz');
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await get(h.app.port, '/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toEqual({
      ok: true,
      checks: { database: true, migrations: true, slackAuth: true },
    });
    expect(h.slack.callsTo('auth.test').length).toBeGreaterThanOrEqual(2);
    expect(h.slack.violations).toEqual([]);

    await h.store.close();
    const closed = await get(h.app.port, '/readyz');
    expect(closed.status).toBe(503);
    expect(await closed.json()).toMatchObject({ ok: false, checks: { database: false, slackAuth: true } });
    expect((await get(h.app.port, '/healthz')).status).toBe(200);
  });

  it('is not ready while the start-up auth.test has failed, and says so in the log', async () => {
    const logLines: string[] = [];
    // Bolt's own auth.test (at init) passes; the app's readiness check after start fails.
    const h = await start({
      logLines,
      beforeStart: (slack) => slack.failNext('auth.test', { error: 'invalid_auth' }, 1, 1),
    });
    const res = await get(h.app.port, '/readyz');
    expect(res.status).toBe(503);
    expect(await res.json()).toEqual({
      ok: false,
      checks: { database: true, migrations: true, slackAuth: false },
    });
    expect((await get(h.app.port, '/healthz')).status).toBe(200);
    expect(logLines.some((l) => /auth\.test failed/.test(l) && /"level":50/.test(l))).toBe(true);
  });

  it('serves /metrics only on METRICS_PORT when it is set', async () => {
    const h = await start({ env: { METRICS_PORT: '0' } });
    expect(h.app.metricsPort).toBeGreaterThan(0);
    expect(h.app.metricsPort).not.toBe(h.app.port);

    const separate = await get(h.app.metricsPort, '/metrics');
    expect(separate.status).toBe(200);
    expect(sampleValue(parsePrometheus(await separate.text()), 'release_planner_plans_started_total')).toBe(
      0,
    );
    expect((await get(h.app.port, '/metrics')).status).toBe(404);
    expect((await get(h.app.port, '/readyz')).status).toBe(200);

    const port = h.app.metricsPort;
    await h.close();
    running = undefined;
    await expect(get(port, '/metrics')).rejects.toThrow();
  });
});
