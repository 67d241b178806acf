import type { Logger } from 'pino';
import { errorMessage } from '../errors.ts';

/**
 * Long work runs after the ack. Jobs are tracked so shutdown can wait for them and tests can wait
 * for quiescence; a job's error is logged here once, with its context, and never escapes.
 */
export interface Jobs {
  run(name: string, context: Record<string, unknown>, work: () => Promise<void>): void;
  /** Resolves when no job is running. */
  idle(): Promise<void>;
  readonly size: number;
}

export function createJobs(logger: Logger): Jobs {
  const running = new Set<Promise<void>>();
  return {
    run(name, context, work) {
      const job = work()
        .catch((err: unknown) => {
          logger.error({ err, job: name, ...context }, `${name} failed: ${errorMessage(err)}`);
        })
        .finally(() => running.delete(job));
      running.add(job);
    },
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running]);
    },
    get size() {
      return running.size;
    },
  };
}
