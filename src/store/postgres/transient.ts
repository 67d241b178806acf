import { setTimeout as sleep } from 'node:timers/promises';
import { StoreError } from '../errors.ts';

/** Connection-level failures: the work did not commit, and running it again is how to recover. */
const TRANSIENT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  '57P01', // admin_shutdown (pg_terminate_backend, server stopping)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, shutting down)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);

const TRANSIENT_MESSAGES = [
  'Connection terminated',
  'timeout exceeded when trying to connect',
  'Client has encountered a connection error',
  'Client was closed and is not queryable',
  'the database system is',
];

export function isTransient(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && (TRANSIENT_CODES.has(code) || code.startsWith('08'))) return true;
  if (error instanceof AggregateError) return error.errors.some(isTransient);
  return TRANSIENT_MESSAGES.some((text) => error.message.includes(text));
}

export interface RetryBudget {
  /** How long a unit of work keeps trying while the database is unreachable. */
  forMs: number;
  firstDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryBudget = { forMs: 20_000, firstDelayMs: 100, maxDelayMs: 2_000 };

/**
 * Runs `work` again while the database is unreachable, with backoff, until the budget is spent: a
 * restart or fail-over of PostgreSQL pauses the caller instead of failing it. Other errors pass
 * through at once.
 */
export async function retryTransient<T>(work: () => Promise<T>, budget: RetryBudget): Promise<T> {
  const giveUpAt = Date.now() + budget.forMs;
  for (let delay = budget.firstDelayMs; ; delay = Math.min(delay * 2, budget.maxDelayMs)) {
    try {
      return await work();
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (Date.now() + delay > giveUpAt) {
        throw new StoreError(
          'database_unavailable',
          `the database did not answer for ${Math.round(budget.forMs / 1000)} s: ${(error as Error).message}`,
          { cause: error },
        );
      }
      await sleep(delay);
    }
  }
}
