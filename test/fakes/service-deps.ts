import pino from 'pino';
import type { Policy } from '../../src/approval/roles.ts';
import type { Clock } from '../../src/lib/clock.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import type { ModelChoice } from '../../src/plan/model.ts';
import type { PlanRecord } from '../../src/plan/record.ts';
import type { ItemClick } from '../../src/services/approvals/index.ts';
import { loadApprovals } from '../../src/services/approvals/load.ts';
import type { ServiceDeps } from '../../src/services/deps.ts';
import { createJobs } from '../../src/services/jobs.ts';
import { type Submission, startPlan } from '../../src/services/planning/start.ts';
import { createRootProgress } from '../../src/services/thread/root-progress.ts';
import type { Store } from '../../src/store/port.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { samplePlan, sampleRequest } from './plan-fixture.ts';
import { RecordingClient } from './recording-client.ts';
import { ScriptedModel, type ScriptedStep } from './scripted-model.ts';

export const TEST_POLICY: Policy = {
  roles: {
    SME: { users: ['U0SME1'], usergroups: [] },
    'SRE lead': { users: ['U0SRE1'], usergroups: ['S0SRELEADS'] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};

export const CHOICES: ModelChoice[] = [
  { id: 'openai:gpt-test', provider: 'openai', model: 'gpt-test', label: 'OpenAI · gpt-test' },
  {
    id: 'anthropic:claude-test',
    provider: 'anthropic',
    model: 'claude-test',
    label: 'Anthropic · claude-test',
  },
];

/** A clock that stands still until told to move. */
export class TestClock implements Clock {
  private at: number;
  constructor(start = '2026-11-30T09:00:00.000Z') {
    this.at = Date.parse(start);
  }
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

/** Everything a service test drives and inspects: real services over in-process fakes. */
export interface ServiceWorld {
  deps: ServiceDeps;
  store: Store;
  slack: RecordingClient;
  openai: ScriptedModel;
  anthropic: ScriptedModel;
  clock: TestClock;
  /** JSON log lines at info and up. */
  logs: string[];
}

export interface ServiceWorldOptions {
  policy?: Policy;
  /** An existing store (a "restart": a new process over the same database). */
  store?: Store;
  clock?: TestClock;
}

/**
 * ServiceDeps as app.ts builds them, with an in-memory SQLite store, a recording Web API client,
 * scripted models and an injected clock: the middle of the test pyramid, no HTTP and no Bolt.
 */
export function serviceWorld(options: ServiceWorldOptions = {}): ServiceWorld {
  const clock = options.clock ?? new TestClock();
  const store = options.store ?? openSqliteStore(':memory:', { now: () => clock.now() });
  const slack = new RecordingClient();
  const openai = new ScriptedModel('openai');
  const anthropic = new ScriptedModel('anthropic');
  const logs: string[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(line) });
  const deps: ServiceDeps = {
    store,
    models: { openai, anthropic },
    choices: CHOICES,
    client: slack,
    logger,
    jobs: createJobs(logger),
    clock,
    maxOutputTokens: 16_000,
    policy: options.policy ?? TEST_POLICY,
    generating: new Set(),
    rootProgress: createRootProgress(),
    replicaId: 'test-replica',
    leaseMs: 60_000,
    replyLimits: { perPerson: 20, perPlan: 60, windowMs: 3_600_000 },
    metrics: createMetrics({ storeStats: () => store.stats() }),
  };
  return { deps, store, slack, openai, anthropic, clock, logs };
}

export const CHANNEL = 'C0PLANS';
export const REQUESTER = 'U0REQ';

export function submissionFor(submissionKey = 'V1'): Submission {
  return {
    submissionKey,
    teamId: 'T1',
    channelId: CHANNEL,
    requesterId: REQUESTER,
    request: sampleRequest(),
  };
}

/**
 * Drafts a plan through the real planning service, the model answering with `steps` (by default
 * the whole sample plan), and returns it as stored.
 */
export async function draftPlan(
  w: ServiceWorld,
  steps: ScriptedStep[] = [{ kind: 'answer', value: samplePlan() }],
  submissionKey = 'V1',
): Promise<PlanRecord> {
  w.openai.script(...steps);
  await startPlan(w.deps, submissionFor(submissionKey));
  const rootTs = w.slack.roots(CHANNEL).at(-1)?.ts;
  const plan = rootTs && (await w.store.findPlanByRootTs(CHANNEL, rootTs));
  if (!plan) throw new Error('no plan was posted');
  return plan;
}

/** A click on an item's Approve button as it is shown now (its current version and hash). */
export async function clickOn(
  w: ServiceWorld,
  plan: PlanRecord,
  itemKey: string,
  userId: string,
): Promise<ItemClick> {
  const item = (await loadApprovals(w.deps, plan)).items.find((i) => i.item.key === itemKey);
  if (!item) throw new Error(`no item ${itemKey}`);
  const { version, contentHash: hash } = item.current;
  return { planId: plan.id, itemKey, version, hash, userId, channelId: CHANNEL };
}
