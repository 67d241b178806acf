import type { Logger } from 'pino';

export interface ReadinessReport {
  ok: boolean;
  checks: { database: boolean; migrations: boolean; slackAuth: boolean };
}

export interface Readiness {
  /** Tries Slack's auth.test once; on failure, again every retryMs until it succeeds or stop(). */
  start(): Promise<void>;
  /** Pings the database now; Slack auth is what start() found. */
  check(): Promise<ReadinessReport>;
  stop(): void;
}

export interface ReadinessDeps {
  ping: () => Promise<void>;
  authTest: () => Promise<unknown>;
  logger: Logger;
  retryMs: number;
  /** A database that does not answer within this is not ready (a probe must not hang). */
  pingTimeoutMs?: number;
}

/** What /readyz reports: ready to take traffic means the database answers and the bot token works. */
export function createReadiness(deps: ReadinessDeps): Readiness {
  let slackAuth = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let failed = false;

  const attempt = async (): Promise<void> => {
    timer = undefined;
    try {
      await deps.authTest();
      slackAuth = true;
      if (failed) deps.logger.info('Slack auth.test succeeded after failing; ready');
    } catch (err) {
      failed = true;
      deps.logger.error({ err, retryInMs: deps.retryMs }, 'Slack auth.test failed; not ready');
      if (stopped) return;
      timer = setTimeout(() => void attempt(), deps.retryMs);
      timer.unref();
    }
  };

  return {
    start: attempt,
    async check() {
      const database = await answers(deps.ping, deps.pingTimeoutMs ?? 2000);
      // The store runs its migrations when it opens, and there is no store before that.
      const checks = { database, migrations: true, slackAuth };
      return { ok: database && slackAuth, checks };
    },
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
  };
}

async function answers(ping: () => Promise<void>, timeoutMs: number): Promise<boolean> {
  let timeout: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<false>((resolve) => {
    timeout = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    return await Promise.race([ping().then(() => true), late]);
  } catch {
    return false;
  } finally {
    clearTimeout(timeout);
  }
}
