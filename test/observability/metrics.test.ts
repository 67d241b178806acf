import { describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { StoreStats } from '../../src/store/port.ts';
import { parsePrometheus, sampleSum, sampleValue } from '../support/prometheus.ts';

async function scrape(metrics: ReturnType<typeof createMetrics>) {
  return parsePrometheus((await metrics.expose()).body);
}

const USAGE = { inputTokens: 1200, outputTokens: 300, cachedInputTokens: 1000 };

describe('metrics', () => {
  it('counts evidence checks by source, status and reason', async () => {
    const metrics = createMetrics();
    metrics.evidenceChecked('github', 'fail', 'threshold');
    metrics.evidenceChecked('jira', 'unknown', 'error');
    metrics.evidenceChecked('jira', 'unknown', 'error');
    const samples = await scrape(metrics);
    const name = 'release_planner_evidence_checks_total';
    expect(sampleValue(samples, name, { source: 'jira', status: 'unknown', reason: 'error' })).toBe(2);
    expect(sampleValue(samples, name, { source: 'github', status: 'fail', reason: 'threshold' })).toBe(1);
  });

  it('exposes Prometheus text, with process metrics, on a registry of its own', async () => {
    const a = createMetrics();
    const b = createMetrics();
    a.planStarted();
    const exposed = await a.expose();
    expect(exposed.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
    const samples = parsePrometheus(exposed.body);
    expect(sampleValue(samples, 'release_planner_plans_started_total')).toBe(1);
    expect(samples.some((s) => s.name === 'process_cpu_user_seconds_total')).toBe(true);
    expect(sampleValue(await scrape(b), 'release_planner_plans_started_total')).toBe(0);
  });

  it('counts plans started, finished and failed, and keeps the in-flight gauge', async () => {
    const metrics = createMetrics();
    metrics.planStarted();
    metrics.planStarted();
    metrics.planStarted();
    expect(sampleValue(await scrape(metrics), 'release_planner_plans_in_flight')).toBe(3);
    metrics.planFinished({ firstSectionMs: 800, lastSectionMs: 12_000 });
    metrics.planFailed('stalled', { firstSectionMs: 1500, lastSectionMs: 1500 });
    metrics.planFailed('api_error', { firstSectionMs: undefined, lastSectionMs: undefined });

    const samples = await scrape(metrics);
    expect(sampleValue(samples, 'release_planner_plans_started_total')).toBe(3);
    expect(sampleValue(samples, 'release_planner_plans_finished_total')).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_failed_total', { code: 'stalled' })).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_failed_total', { code: 'api_error' })).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_in_flight')).toBe(0);
  });

  it('observes seconds to the first section (finished or failed) and to the last (finished only)', async () => {
    const metrics = createMetrics();
    metrics.planStarted();
    metrics.planFinished({ firstSectionMs: 800, lastSectionMs: 12_000 });
    metrics.planStarted();
    metrics.planFailed('stalled', { firstSectionMs: 1500, lastSectionMs: 1500 });

    const samples = await scrape(metrics);
    const first = 'release_planner_time_to_first_section_seconds';
    expect(sampleValue(samples, `${first}_count`)).toBe(2);
    expect(sampleValue(samples, `${first}_sum`)).toBeCloseTo(2.3);
    expect(sampleValue(samples, `${first}_bucket`, { le: '0.25' })).toBe(0);
    expect(sampleValue(samples, `${first}_bucket`, { le: '1' })).toBe(1);
    expect(sampleValue(samples, `${first}_bucket`, { le: '300' })).toBe(2);
    expect(sampleValue(samples, `${first}_bucket`, { le: '+Inf' })).toBe(2);
    const last = 'release_planner_time_to_last_section_seconds';
    expect(sampleValue(samples, `${last}_count`)).toBe(1);
    expect(sampleValue(samples, `${last}_sum`)).toBe(12);
  });

  it('counts model calls, tokens by kind, and errors by code', async () => {
    const metrics = createMetrics();
    const call = { provider: 'openai', model: 'gpt-test', purpose: 'plan' as const, usage: USAGE };
    metrics.modelCalled({ ...call, outcome: 'ok' });
    metrics.modelCalled({ ...call, purpose: 'revision', outcome: 'max_tokens' });

    const samples = await scrape(metrics);
    const calls = 'release_planner_model_calls_total';
    expect(sampleValue(samples, calls, { provider: 'openai', purpose: 'plan', outcome: 'ok' })).toBe(1);
    expect(sampleValue(samples, calls, { purpose: 'revision', outcome: 'max_tokens' })).toBe(1);
    const tokens = 'release_planner_model_tokens_total';
    expect(sampleValue(samples, tokens, { model: 'gpt-test', kind: 'input' })).toBe(2400);
    expect(sampleValue(samples, tokens, { kind: 'output' })).toBe(600);
    expect(sampleValue(samples, tokens, { kind: 'cached_input' })).toBe(2000);
    const errors = 'release_planner_model_errors_total';
    expect(sampleValue(samples, errors, { provider: 'openai', model: 'gpt-test', code: 'max_tokens' })).toBe(
      1,
    );
    expect(sampleSum(samples, errors)).toBe(1);
  });

  it('counts Slack calls and 429s by method, decisions and refusals', async () => {
    const metrics = createMetrics();
    metrics.slackCalled('chat.postMessage');
    metrics.slackCalled('chat.postMessage');
    metrics.slackCalled('chat.update');
    metrics.slackRateLimited('chat.postMessage');
    metrics.decisionRecorded('approve');
    metrics.decisionRecorded('request_changes');
    metrics.refusalRecorded('not_holder');

    const samples = await scrape(metrics);
    const calls = 'release_planner_slack_api_calls_total';
    expect(sampleValue(samples, calls, { method: 'chat.postMessage' })).toBe(2);
    expect(sampleValue(samples, calls, { method: 'chat.update' })).toBe(1);
    expect(
      sampleValue(samples, 'release_planner_slack_rate_limited_total', { method: 'chat.postMessage' }),
    ).toBe(1);
    const decisions = 'release_planner_approval_decisions_total';
    expect(sampleValue(samples, decisions, { decision: 'approve' })).toBe(1);
    expect(sampleValue(samples, decisions, { decision: 'request_changes' })).toBe(1);
    expect(sampleValue(samples, 'release_planner_approval_refusals_total', { reason: 'not_holder' })).toBe(1);
  });

  it('reads the database pool on each scrape', async () => {
    let stats: StoreStats = { kind: 'postgres', total: 4, idle: 3, waiting: 0, max: 10 };
    const metrics = createMetrics({ storeStats: () => stats });
    const pool = 'release_planner_db_pool_connections';
    let samples = await scrape(metrics);
    expect(sampleValue(samples, pool, { state: 'total' })).toBe(4);
    expect(sampleValue(samples, pool, { state: 'idle' })).toBe(3);
    expect(sampleValue(samples, pool, { state: 'waiting' })).toBe(0);
    expect(sampleValue(samples, pool, { state: 'max' })).toBe(10);

    stats = { ...stats, total: 10, idle: 0, waiting: 7 };
    samples = await scrape(metrics);
    expect(sampleValue(samples, pool, { state: 'total' })).toBe(10);
    expect(sampleValue(samples, pool, { state: 'waiting' })).toBe(7);
  });

  it('leaves the pool gauge out without a store', async () => {
    const samples = await scrape(createMetrics());
    expect(samples.some((s) => s.name === 'release_planner_db_pool_connections')).toBe(false);
  });
});

describe('parsePrometheus', () => {
  it('refuses what is not the text format', () => {
    expect(() => parsePrometheus('release_planner_x{a="1" 2')).toThrow(/not a sample/);
    expect(() => parsePrometheus('release_planner_x{a=1} 2')).toThrow(/malformed labels/);
    expect(() => parsePrometheus('# COMMENT free text')).toThrow(/HELP or TYPE/);
    expect(parsePrometheus('x{a="q\\"uote",b="2"} 3\n')).toEqual([
      { name: 'x', labels: { a: 'q"uote', b: '2' }, value: 3 },
    ]);
  });
});
