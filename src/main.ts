import type { Logger } from 'pino';
import { startApp } from './app.ts';
import { loadPolicyFile } from './approval/policy-file.ts';
import { NO_POLICY } from './approval/roles.ts';
import { type Config, loadConfig, modelChoices, readEnvironment } from './config.ts';
import { ConfigError, PolicyError } from './errors.ts';
import { configuredSources } from './evidence/collect.ts';
import { installLastResort } from './last-resort.ts';
import { createModels } from './llm/models.ts';
import { createLogger } from './logger.ts';
import { policyHolder, reloadPolicy } from './policy-reload.ts';
import { openStore, type Store, StoreError } from './store/index.ts';

/** Read config, build dependencies, start. A configuration problem is one clear message, not a stack trace. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(readEnvironment());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  installLastResort(logger);
  let policy = NO_POLICY;
  // A gate may only use a configured connector: checked at start-up and on every reload.
  const policyOptions = { connectors: configuredSources(config.evidence) };
  try {
    if (config.policyFile) policy = loadPolicyFile(config.policyFile, policyOptions);
  } catch (err) {
    if (err instanceof PolicyError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const holder = policyHolder(policy);
  // The policy file is read at start-up and again on SIGHUP; a bad file keeps the policy in force.
  process.on('SIGHUP', () => reloadPolicy(holder, config.policyFile, logger, policyOptions));
  const store = await openDatabase(config, logger);
  const running = await startApp({
    config,
    logger,
    store,
    models: await createModels(config),
    choices: modelChoices(config),
    policy: holder,
  });
  logger.info(
    { mode: config.slack.mode, port: running.port, models: modelChoices(config).map((c) => c.id) },
    'Release Planner is running',
  );

  const shutdown = async (signal: string) => {
    logger.info({ signal, inFlight: running.jobs.size }, 'shutting down: finishing in-flight work');
    const deadline = setTimeout(() => {
      logger.warn('shutdown deadline reached; unfinished plans resume on next start');
      process.exit(0);
    }, 25_000);
    deadline.unref();
    await running.stop();
    await store.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

/**
 * The store, migrated. A database that can't be reached or is newer than this build is one clear
 * message and exit 1 (an orchestrator restarts the replica), not a stack trace.
 */
async function openDatabase(config: Config, logger: Logger): Promise<Store> {
  try {
    return await openStore(config.database, {
      onPoolError: (err) => logger.warn({ err }, 'database connection lost; the pool reconnects'),
    });
  } catch (err) {
    if (err instanceof StoreError) {
      process.stderr.write(`Release Planner cannot use its database: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
}

await main();
