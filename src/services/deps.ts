import type { Logger } from 'pino';
import type { Policy } from '../approval/roles.ts';
import type { EvidenceCollector } from '../evidence/collect.ts';
import type { Clock } from '../lib/clock.ts';
import type { TurnGate } from '../lib/turn-gate.ts';
import type { StructuredModel } from '../llm/port.ts';
import type { Metrics } from '../observability/metrics.ts';
import type { ModelChoice, Provider } from '../plan/model.ts';
import type { SlackWebApi } from '../slack/web-api.ts';
import type { Store } from '../store/port.ts';
import type { HomeWatch } from './approvals/home-watch.ts';
import type { Jobs } from './jobs.ts';
import type { RootProgress } from './thread/root-progress.ts';

/** What the services need from the outside world; built once in app.ts, injected everywhere. */
export interface ServiceDeps {
  store: Store;
  models: Partial<Record<Provider, StructuredModel>>;
  choices: ModelChoice[];
  client: SlackWebApi;
  logger: Logger;
  jobs: Jobs;
  /** Every timestamp the services write and every deadline they keep comes from here. */
  clock: Clock;
  maxOutputTokens: number;
  /** REVIEW_MODEL ("provider:model"): who reviews gating rules; unset: the other provider's first model. */
  reviewModel?: string | undefined;
  /** The policy in force: read it where it is used, never keep it, as SIGHUP may replace it. */
  policy: Policy;
  /** Plans this process is generating or revising now: a plan never has two runs at once. */
  generating: Set<string>;
  /** Drafting progress on root messages, shown without holding up the drafting. */
  rootProgress: RootProgress;
  /** This process's name in generation leases. */
  replicaId: string;
  /** How long a generation lease lasts without renewal; a dead replica's plans resume after it. */
  leaseMs: number;
  /** What operators see on /metrics: plans, model calls, Slack calls, approvals. */
  metrics: Metrics;
  /** Open Home tabs kept current after changes; none in tests that do not need it. */
  homes?: HomeWatch;
  /** How many replies a person, and a plan altogether, may send per window before they are refused. */
  replyLimits: ReplyLimits;
  /** One background step (a drafted section) per event-loop turn; absent: no pacing (unit tests). */
  backgroundTurn?: TurnGate;
  /** Read-only evidence connectors for the policy's gates; absent when none is configured. */
  evidence?: EvidenceCollector | undefined;
}

export interface ReplyLimits {
  perPerson: number;
  perPlan: number;
  windowMs: number;
}
