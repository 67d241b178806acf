import { collectDefaultMetrics, Registry } from 'prom-client';
import type { DecisionKind } from '../approval/decisions.ts';
import type { ModelCallPurpose, Usage } from '../plan/model.ts';
import type { StoreStats } from '../store/port.ts';
import { createInstruments, type Instruments } from './instruments.ts';

/** When a generation run posted its sections, in ms from its first model call starting. */
export interface SectionTiming {
  /** Undefined when the run posted no section (e.g. a resume whose sections were all posted before). */
  firstSectionMs: number | undefined;
  lastSectionMs: number | undefined;
}

export interface ModelCallMetric {
  provider: string;
  model: string;
  purpose: ModelCallPurpose;
  /** `ok`, or a failure code. */
  outcome: string;
  usage: Usage;
}

/** What the app counts, named by what happened; the Prometheus labels are built here, once. */
export interface Metrics {
  /** A generation run began: a new plan, a Retry or a resume. Ends in planFinished or planFailed. */
  planStarted(): void;
  planFinished(timing: SectionTiming): void;
  planFailed(code: string, timing: SectionTiming): void;
  /** Every model call, whatever its outcome, with the tokens it used. */
  modelCalled(call: ModelCallMetric): void;
  slackCalled(method: string): void;
  /** Slack answered 429 (the client waits for Retry-After and tries again). */
  slackRateLimited(method: string): void;
  decisionRecorded(decision: DecisionKind): void;
  refusalRecorded(reason: string): void;
  /** A reminder was sent, an escalation posted, or a plan expired (the policy's timeouts). */
  timeoutAction(kind: 'reminder' | 'escalation' | 'expiry'): void;
  /** One evidence check's outcome (unknown: its reason says why — error, no_data, pending…). */
  evidenceChecked(source: string, status: string, reason: string): void;
  /** The Prometheus text exposition, for GET /metrics. */
  expose(): Promise<{ contentType: string; body: string }>;
}

export interface MetricsOptions {
  /** Database connection use, read on each scrape; without it the pool gauge is left out. */
  storeStats?: () => StoreStats;
}

/**
 * Metrics on a registry of their own, not prom-client's global one: several apps in one process
 * (the tests) each count their own work, and nothing registers a name twice.
 */
export function createMetrics(options: MetricsOptions = {}): Metrics {
  const register = new Registry();
  collectDefaultMetrics({ register });
  const m = createInstruments(register, options.storeStats);
  return {
    planStarted() {
      m.plansStarted.inc();
      m.plansInFlight.inc();
    },
    planFinished(timing) {
      m.plansFinished.inc();
      m.plansInFlight.dec();
      observeSeconds(m.firstSection, timing.firstSectionMs);
      observeSeconds(m.lastSection, timing.lastSectionMs);
    },
    planFailed(code, timing) {
      m.plansFailed.inc({ code });
      m.plansInFlight.dec();
      // A failed plan's first section still shows how long people waited; its last one does not.
      observeSeconds(m.firstSection, timing.firstSectionMs);
    },
    modelCalled: (call) => countModelCall(m, call),
    slackCalled: (method) => m.slackCalls.inc({ method }),
    slackRateLimited: (method) => m.slackRateLimited.inc({ method }),
    decisionRecorded: (decision) => m.decisions.inc({ decision }),
    refusalRecorded: (reason) => m.refusals.inc({ reason }),
    timeoutAction: (kind) => m.timeouts.inc({ kind }),
    evidenceChecked: (source, status, reason) => m.evidence.inc({ source, status, reason }),
    async expose() {
      return { contentType: register.contentType, body: await register.metrics() };
    },
  };
}

function observeSeconds(histogram: Instruments['firstSection'], ms: number | undefined): void {
  if (ms !== undefined) histogram.observe(ms / 1000);
}

function countModelCall(m: Instruments, call: ModelCallMetric): void {
  const { provider, model, purpose, outcome, usage } = call;
  m.modelCalls.inc({ provider, model, purpose, outcome });
  m.modelTokens.inc({ provider, model, kind: 'input' }, usage.inputTokens);
  m.modelTokens.inc({ provider, model, kind: 'output' }, usage.outputTokens);
  m.modelTokens.inc({ provider, model, kind: 'cached_input' }, usage.cachedInputTokens);
  if (outcome !== 'ok') m.modelErrors.inc({ provider, model, code: outcome });
}
