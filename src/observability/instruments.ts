import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { StoreStats } from '../store/port.ts';

/**
 * From a quick first section to a long plan on a slow model: Slack users notice a second, and the
 * model's request timeout (minutes) bounds the top.
 */
export const SECTION_SECONDS_BUCKETS = [0.25, 0.5, 1, 2, 3, 5, 8, 13, 20, 30, 45, 60, 90, 120, 180, 240, 300];

const POOL_STATES = ['total', 'idle', 'waiting', 'max'] as const;

/** The prom-client handles behind Metrics, all registered on one registry. */
export function createInstruments(register: Registry, storeStats: (() => StoreStats) | undefined) {
  const registers = [register];
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
    new Counter<L>({ name: `release_planner_${name}`, help, labelNames, registers });
  const sectionHistogram = (name: string, help: string) =>
    new Histogram({ name: `release_planner_${name}`, help, buckets: SECTION_SECONDS_BUCKETS, registers });
  return {
    plansStarted: counter(
      'plans_started_total',
      'Plan generation runs started (a Retry or a resume starts another).',
    ),
    plansFinished: counter('plans_finished_total', 'Plan generation runs that posted every section.'),
    plansFailed: counter(
      'plans_failed_total',
      'Plan generation runs that ended in a failure message, by code.',
      ['code'],
    ),
    plansInFlight: new Gauge({
      name: 'release_planner_plans_in_flight',
      help: 'Plan generation runs in progress in this process.',
      registers,
    }),
    firstSection: sectionHistogram(
      'time_to_first_section_seconds',
      'Seconds from the model call starting to the first section posted in the thread.',
    ),
    lastSection: sectionHistogram(
      'time_to_last_section_seconds',
      'Seconds from the model call starting to the last section posted, for finished plans.',
    ),
    modelCalls: counter('model_calls_total', 'Model calls by outcome (ok or a failure code).', [
      'provider',
      'model',
      'purpose',
      'outcome',
    ]),
    modelTokens: counter('model_tokens_total', 'Tokens reported by the model, by kind.', [
      'provider',
      'model',
      'kind',
    ]),
    modelErrors: counter('model_errors_total', 'Model calls that failed, by failure code.', [
      'provider',
      'model',
      'code',
    ]),
    slackCalls: counter('slack_api_calls_total', 'Slack Web API calls made by the services, by method.', [
      'method',
    ]),
    slackRateLimited: counter('slack_rate_limited_total', 'Slack Web API answers of 429, by method.', [
      'method',
    ]),
    decisions: counter('approval_decisions_total', 'Approval decisions recorded, by decision.', ['decision']),
    refusals: counter('approval_refusals_total', 'Approval clicks refused, by reason.', ['reason']),
    timeouts: counter(
      'approval_timeout_actions_total',
      'Reminders sent, escalations and expiries of pending approvals, by kind.',
      ['kind'],
    ),
    evidence: counter('evidence_checks_total', 'Evidence checks by outcome.', ['source', 'status', 'reason']),
    pool: storeStats && poolGauge(register, storeStats),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;

/** Read on scrape, so it is never stale and costs nothing between scrapes. */
function poolGauge(register: Registry, storeStats: () => StoreStats): Gauge<'state'> {
  return new Gauge({
    name: 'release_planner_db_pool_connections',
    help: 'Database connections: open (total), idle, requests waiting for one, and the pool maximum.',
    labelNames: ['state'],
    registers: [register],
    collect() {
      const stats = storeStats();
      for (const state of POOL_STATES) this.set({ state }, stats[state]);
    },
  });
}
