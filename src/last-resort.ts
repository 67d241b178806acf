import type { Logger } from 'pino';

/**
 * Errors after which the process cannot do its job: no memory, no file descriptors (so no sockets,
 * no database file). Serving on would only fail every request; a restart is the cure.
 */
const FATAL_CODES = new Set(['ENOMEM', 'EMFILE', 'ENFILE', 'ERR_MEMORY_ALLOCATION_FAILED']);

/** This many uncaught errors within a minute means something is broken in a loop: restart. */
const MAX_PER_MINUTE = 10;

export interface LastResortOptions {
  logger: Logger;
  exit: (code: number) => void;
  now?: () => number;
  maxPerMinute?: number;
}

export interface LastResort {
  uncaughtException(err: unknown): void;
  unhandledRejection(reason: unknown): void;
}

function codeOf(err: unknown): string | undefined {
  return typeof err === 'object' && err !== null && 'code' in err && typeof err.code === 'string'
    ? err.code
    : undefined;
}

/**
 * The last resort for an error nothing else caught (a throw in a timer, a rejection no one awaited,
 * a bug inside a library such as Bolt's receiver). Each is logged once, with its origin, and the
 * process keeps serving: every request is independent, plans and decisions live in the database and
 * are written in transactions, so one failed request leaves nothing half-done in memory that others
 * depend on. It exits (1, for the orchestrator to restart it; unfinished plans resume) only when the
 * error says the process cannot serve any more — out of memory or file descriptors — or when errors
 * keep coming (more than `maxPerMinute` in a minute).
 */
export function lastResort({
  logger,
  exit,
  now = Date.now,
  maxPerMinute = MAX_PER_MINUTE,
}: LastResortOptions): LastResort {
  const recent: number[] = [];
  const handle = (origin: 'uncaughtException' | 'unhandledRejection', err: unknown) => {
    const at = now();
    recent.push(at);
    while (recent.length > 0 && (recent[0] ?? at) <= at - 60_000) recent.shift();
    const code = codeOf(err);
    const fatal = code !== undefined && FATAL_CODES.has(code);
    if (!fatal && recent.length <= maxPerMinute) {
      logger.error({ err, origin, code }, 'uncaught error; the bot keeps serving');
      return;
    }
    const why = fatal
      ? `the process cannot serve (${code})`
      : `${recent.length} uncaught errors within a minute`;
    logger.fatal({ err, origin, code }, `uncaught error; exiting so that it is restarted: ${why}`);
    exit(1);
  };
  return {
    uncaughtException: (err) => handle('uncaughtException', err),
    unhandledRejection: (reason) => handle('unhandledRejection', reason),
  };
}

/** Installs the last resort on the process (see {@link lastResort}). */
export function installLastResort(logger: Logger): void {
  const handlers = lastResort({ logger, exit: (code) => process.exit(code) });
  process.on('uncaughtException', handlers.uncaughtException);
  process.on('unhandledRejection', handlers.unhandledRejection);
}
