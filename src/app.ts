import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { App } from '@slack/bolt';
import { retryPolicies } from '@slack/web-api';
import type { Logger } from 'pino';
import { describeMatrix } from './approval/roles.ts';
import type { Config } from './config.ts';
import { evidenceCollectorFor } from './evidence/collect.ts';
import { systemClock } from './lib/clock.ts';
import { repeatWithoutOverlap } from './lib/repeat.ts';
import { createTurnGate } from './lib/turn-gate.ts';
import type { StructuredModel } from './llm/port.ts';
import { toBoltLogger } from './logger.ts';
import {
  type MetricsServer,
  metricsRoute,
  probeRoutes,
  type Route,
  startMetricsServer,
} from './observability/http.ts';
import { createMetrics, type Metrics } from './observability/metrics.ts';
import { createReadiness } from './observability/readiness.ts';
import type { ModelChoice, Provider } from './plan/model.ts';
import type { PolicyHolder } from './policy-reload.ts';
import { createHomeWatch } from './services/approvals/home-watch.ts';
import type { ServiceDeps } from './services/deps.ts';
import { createServices, type Services } from './services/index.ts';
import { createJobs, type Jobs } from './services/jobs.ts';
import { createFormMemo } from './services/planning/form-memo.ts';
import { startResumeSweeper } from './services/planning/resume.ts';
import { createRootProgress } from './services/thread/root-progress.ts';
import { directViewsOpen } from './slack/direct-call.ts';
import { appBudgetOf, sharedBudget } from './slack/limits.ts';
import { registerListeners } from './slack/listeners/index.ts';
import { countRateLimits, meteredWebApi } from './slack/metered-web-api.ts';
import { createAudience, refuseForeignRequests } from './slack/middleware/audience.ts';
import { paceClient } from './slack/pacing.ts';
import { withRememberedPermalinks } from './slack/permalinks.ts';
import { screenedReceiver } from './slack/request-screen.ts';
import { CLAIM_SWEEP_EVERY_MS, createClaimSweep } from './store/claim-retention.ts';
import type { Store } from './store/port.ts';

export interface AppParts {
  config: Config;
  logger: Logger;
  store: Store;
  models: Partial<Record<Provider, StructuredModel>>;
  choices: ModelChoice[];
  /** Swappable: POLICY_FILE is read again on SIGHUP (src/main.ts). */
  policy: PolicyHolder;
}

export interface RunningApp {
  app: App;
  deps: ServiceDeps;
  jobs: Jobs;
  metrics: Metrics;
  /** The HTTP port actually bound (HTTP mode), useful with PORT=0. */
  port: number | undefined;
  /** The port /metrics is served on when METRICS_PORT is set (the one bound, with 0). */
  metricsPort: number | undefined;
  stop(): Promise<void>;
}

/** A trigger_id lives 3 s: a views.open answered later is of no use. */
const VIEWS_OPEN_TIMEOUT_MS = 3_000;

/** How often due approval timeouts are looked for: a reminder is at most this late. */
const TIMEOUT_POLL_MS = 1_000;

/** Until auth.test succeeds the app is not ready; it keeps trying this often. */
const SLACK_AUTH_RETRY_MS = 30_000;

/**
 * Builds the Bolt app with its listeners, probes (/healthz, /readyz) and /metrics, and starts it
 * (HTTP or Socket Mode).
 */
export async function startApp(parts: AppParts): Promise<RunningApp> {
  const { config, logger, store } = parts;
  const metrics = createMetrics({ storeStats: () => store.stats() });
  let alive = false;
  const audience = createAudience(config.slack);
  const readiness = createReadiness({
    ping: () => store.ping(),
    // The bot's own team, learned here, is the one it acts for (unless SLACK_TEAM_IDS says otherwise).
    authTest: async () => audience.learn(await app.client.auth.test()),
    logger,
    retryMs: SLACK_AUTH_RETRY_MS,
  });
  const routes = probeRoutes(() => alive, readiness, logger);
  // With METRICS_PORT set, /metrics is only there, so the public port does not expose it.
  if (config.metricsPort === undefined) routes.push(metricsRoute(metrics, logger));
  const app = createBoltApp(config, logger, routes);
  countRateLimits(app.client, metrics);
  await app.init();
  const deps = serviceDeps(parts, app, metrics);
  const services = createServices(deps, {
    get matrixHint() {
      return describeMatrix(parts.policy.current());
    },
    blankForm: createFormMemo(),
  });
  app.use(refuseForeignRequests(audience, logger));
  registerListeners(app, services);
  app.error(async (err) => {
    logger.error({ err }, 'unhandled listener error');
  });
  const server = await app.start(config.port);
  alive = true;
  const metricsServer = await startMetricsServerIfSet(config, metrics, logger);
  await readiness.start();
  const stopBackground = startBackgroundWork(services, deps, config, logger);
  return {
    app,
    deps,
    jobs: deps.jobs,
    metrics,
    port: boundPort(server),
    metricsPort: metricsServer?.port,
    async stop() {
      alive = false;
      readiness.stop();
      await stopBackground();
      deps.homes?.stop();
      await app.stop();
      await metricsServer?.close();
      await deps.jobs.idle();
    },
  };
}

/** What each replica does on its own clock; the work it looks for lives in the database. */
function startBackgroundWork(
  services: Services,
  deps: ServiceDeps,
  config: Config,
  logger: Logger,
): () => Promise<void> {
  const stopSweeper = startResumeSweeper(deps, config.generationLeaseMs);
  const stopFeedbackSweep = sweepPendingFeedback(services, config.generationLeaseMs);
  // Due reminders, escalations and expiries: every replica looks this often, one claims each plan.
  const stopTimeouts = repeatWithoutOverlap(
    () => services.runDueTimeouts(),
    TIMEOUT_POLL_MS,
    (err) => logger.error({ err }, 'approval timeouts pass failed; the next one retries'),
  );
  // At start too: a replica that was down for a while catches up from its first minute.
  const stopClaimSweep = repeatWithoutOverlap(
    createClaimSweep(deps),
    CLAIM_SWEEP_EVERY_MS,
    (err) => logger.warn({ err }, 'forgetting old delivery claims failed; the next pass retries'),
    { atStart: true },
  );
  return async () => {
    stopSweeper();
    stopFeedbackSweep();
    await stopTimeouts();
    await stopClaimSweep();
  };
}

/**
 * Feedback that no revision answered (a restart, or a replica lost mid-revision) is applied now and
 * then every `everyMs`: the queue lives in the database, and any replica can take it up.
 */
function sweepPendingFeedback(services: Services, everyMs: number): () => void {
  services.resumePendingFeedback();
  const timer = setInterval(() => services.resumePendingFeedback(), everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

function createBoltApp(config: Config, logger: Logger, customRoutes: Route[]): App {
  const boltLogger = toBoltLogger(logger);
  const { signingSecret } = config.slack;
  return new App({
    token: config.slack.botToken,
    // In Socket Mode, Bolt serves the custom routes on installerOptions.port.
    ...(config.slack.mode === 'socket' || signingSecret === undefined
      ? {
          socketMode: true,
          appToken: config.slack.appToken,
          installerOptions: { port: config.port },
          customRoutes,
        }
      : { receiver: screenedReceiver({ signingSecret, customRoutes, logger: boltLogger }, { logger }) }),
    logger: boltLogger,
    // No listener reads Bolt's conversation context: its store cost a lookup on every request.
    convoStore: false,
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      // Bounded: a Slack outage must not hold a plan for 30 minutes (the SDK default).
      retryConfig: { ...retryPolicies.fiveRetriesInFiveMinutes, retries: config.slack.maxRetries },
      timeout: 15_000,
    },
  });
}

function serviceDeps(parts: AppParts, app: App, metrics: Metrics): ServiceDeps {
  const { config, logger } = parts;
  const share = config.slack.methodBudgetShare;
  const paced = paceClient(app.client, {
    burst: config.slack.postBurst,
    intervalMs: config.slack.postIntervalMs,
    ...(share > 0 ? { budgetOf: (method: string) => sharedBudget(appBudgetOf(method), share) } : {}),
    viewsOpen: directViewsOpen({
      apiUrl: config.slack.apiUrl,
      token: config.slack.botToken,
      timeoutMs: VIEWS_OPEN_TIMEOUT_MS,
      onRateLimited: (method) => metrics.slackRateLimited(method),
    }),
  });
  return {
    store: parts.store,
    models: parts.models,
    choices: parts.choices,
    client: withRememberedPermalinks(meteredWebApi(paced, metrics)),
    logger,
    jobs: createJobs(logger),
    clock: systemClock,
    maxOutputTokens: config.model.maxOutputTokens,
    reviewModel: config.reviewModel,
    // Read on each use, so a reloaded policy applies to every later decision.
    get policy() {
      return parts.policy.current();
    },
    generating: new Set(),
    homes: createHomeWatch({ clock: systemClock }),
    rootProgress: createRootProgress(),
    backgroundTurn: createTurnGate(),
    replicaId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.generationLeaseMs,
    replyLimits: config.replyLimits,
    metrics,
    evidence: evidenceCollectorFor(config.evidence, { fetch: globalThis.fetch, clock: systemClock }),
  };
}

function startMetricsServerIfSet(
  config: Config,
  metrics: Metrics,
  logger: Logger,
): Promise<MetricsServer | undefined> {
  if (config.metricsPort === undefined) return Promise.resolve(undefined);
  return startMetricsServer(config.metricsPort, metrics, logger);
}

function boundPort(server: Awaited<ReturnType<App['start']>>): number | undefined {
  const address = server && typeof server === 'object' && 'address' in server ? server.address() : null;
  return address && typeof address === 'object' ? address.port : undefined;
}
