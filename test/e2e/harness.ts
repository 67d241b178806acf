import pino from 'pino';
import { type RunningApp, startApp } from '../../src/app.ts';
import { NO_POLICY, type Policy } from '../../src/approval/roles.ts';
import { loadConfig, modelChoices } from '../../src/config.ts';
import { createModels } from '../../src/llm/models.ts';
import { createLogger } from '../../src/logger.ts';
import { type PolicyHolder, policyHolder } from '../../src/policy-reload.ts';
import type { Store } from '../../src/store/port.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { SlackTestClient } from '../fakes/slack-client.ts';

export const SIGNING_SECRET = 'test-signing-secret';

export interface Harness {
  slack: FakeSlack;
  models: FakeModels;
  store: Store;
  app: RunningApp;
  client: SlackTestClient;
  /** Waits until no background job (plan, retry, revision) is running. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

export interface HarnessOptions {
  slack?: Parameters<typeof startFakeSlack>[0];
  env?: Record<string, string>;
  store?: Store;
  policy?: Policy;
  /** The holder the app reads its policy from, to replace it mid-test (as SIGHUP does). */
  policyHolder?: PolicyHolder;
  /** Collects every JSON log line the app writes (level info and up). */
  logLines?: string[];
  /** Runs before the app starts, e.g. to script the fake Slack's answers to start-up calls. */
  beforeStart?: (slack: FakeSlack) => void;
}

/** The real Bolt app over HTTP on an ephemeral port, against the fake Slack and model servers. */
export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const slack = await startFakeSlack(options.slack);
  options.beforeStart?.(slack);
  const models = await startFakeModels();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SIGNING_SECRET,
    SLACK_API_URL: slack.url,
    SLACK_MAX_RETRIES: '0',
    // Pacing is tested on its own (slack-faults.test.ts); elsewhere it would only slow the suite.
    SLACK_POST_INTERVAL_MS: '0',
    // Likewise Slack's per-method budgets (slack-faults.test.ts turns them on).
    SLACK_METHOD_BUDGET_SHARE: '0',
    PORT: '0',
    OPENAI_API_KEY: 'sk-test-openai',
    OPENAI_BASE_URL: models.openaiBaseURL,
    OPENAI_MODEL: 'gpt-test',
    ANTHROPIC_API_KEY: 'sk-ant-test',
    ANTHROPIC_BASE_URL: models.anthropicBaseURL,
    ANTHROPIC_MODEL: 'claude-test',
    MODEL_MAX_RETRIES: '0',
    MODEL_IDLE_TIMEOUT_MS: '1000',
    LOG_LEVEL: 'silent',
    ...options.env,
  });
  const store = options.store ?? openSqliteStore(':memory:');
  const lines = options.logLines;
  const logger = lines
    ? createLogger('info', { write: (line: string) => void lines.push(line) })
    : pino({ level: process.env.TEST_LOG_LEVEL ?? 'silent' });
  const app = await startApp({
    config,
    logger,
    store,
    models: await createModels(config),
    choices: modelChoices(config),
    policy: options.policyHolder ?? policyHolder(options.policy ?? NO_POLICY),
  });
  const client = new SlackTestClient({
    baseUrl: `http://127.0.0.1:${app.port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
  return {
    slack,
    models,
    store,
    app,
    client,
    idle: () => app.jobs.idle(),
    async close() {
      await app.stop();
      await store.close();
      await slack.close();
      await models.close();
    },
  };
}
