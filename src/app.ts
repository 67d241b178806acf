import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { hostname } from 'node:os';
import { App } from '@slack/bolt';
import { retryPolicies } from '@slack/web-api';
import type { Logger } from 'pino';
import type { Policy } from './approval/roles.ts';
import type { Config } from './config.ts';
import { systemClock } from './lib/clock.ts';
import type { StructuredModel } from './llm/port.ts';
import { toBoltLogger } from './logger.ts';
import type { ModelChoice, Provider } from './plan/model.ts';
import type { ServiceDeps } from './services/deps.ts';
import { createServices } from './services/index.ts';
import { createJobs, type Jobs } from './services/jobs.ts';
import type { FormContext } from './services/planning/request-form.ts';
import { startResumeSweeper } from './services/planning/resume.ts';
import { registerListeners } from './slack/listeners/index.ts';
import { paceClient } from './slack/pacing.ts';
import type { Store } from './store/port.ts';

export interface AppParts {
  config: Config;
  logger: Logger;
  store: Store;
  models: Partial<Record<Provider, StructuredModel>>;
  choices: ModelChoice[];
  form: FormContext;
  policy: Policy;
}

export interface RunningApp {
  app: App;
  deps: ServiceDeps;
  jobs: Jobs;
  /** The HTTP port actually bound (HTTP mode), useful with PORT=0. */
  port: number | undefined;
  stop(): Promise<void>;
}

/** Builds the Bolt app with its listeners and /healthz, and starts it (HTTP or Socket Mode). */
export async function startApp(parts: AppParts): Promise<RunningApp> {
  const { config, logger } = parts;
  let ready = false;
  const healthz = {
    path: '/healthz',
    method: ['GET'],
    handler: (_req: unknown, res: ServerResponse) => {
      res.writeHead(ready ? 200 : 503, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: ready }));
    },
  };
  const app = new App({
    token: config.slack.botToken,
    ...(config.slack.mode === 'socket'
      ? { socketMode: true, appToken: config.slack.appToken, installerOptions: { port: config.port } }
      : { signingSecret: config.slack.signingSecret }),
    customRoutes: [healthz],
    logger: toBoltLogger(logger),
    deferInitialization: true,
    clientOptions: {
      ...(config.slack.apiUrl ? { slackApiUrl: config.slack.apiUrl } : {}),
      // Bounded: a Slack outage must not hold a plan for 30 minutes (the SDK default).
      retryConfig: { ...retryPolicies.fiveRetriesInFiveMinutes, retries: config.slack.maxRetries },
      timeout: 15_000,
    },
  });
  await app.init();
  const jobs = createJobs(logger);
  const deps: ServiceDeps = {
    store: parts.store,
    models: parts.models,
    choices: parts.choices,
    client: paceClient(app.client, {
      burst: config.slack.postBurst,
      intervalMs: config.slack.postIntervalMs,
    }),
    logger,
    jobs,
    clock: systemClock,
    maxOutputTokens: config.model.maxOutputTokens,
    policy: parts.policy,
    generating: new Set(),
    replicaId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    leaseMs: config.generationLeaseMs,
  };
  const services = createServices(deps, parts.form);
  registerListeners(app, services);
  app.error(async (err) => {
    logger.error({ err }, 'unhandled listener error');
  });
  const server = await app.start(config.port);
  ready = true;
  const stopSweeper = startResumeSweeper(deps, config.generationLeaseMs);
  services.resumePendingFeedback();
  const address = server && typeof server === 'object' && 'address' in server ? server.address() : null;
  const port = address && typeof address === 'object' ? address.port : undefined;
  return {
    app,
    deps,
    jobs,
    port,
    async stop() {
      ready = false;
      stopSweeper();
      await app.stop();
      await jobs.idle();
    },
  };
}
