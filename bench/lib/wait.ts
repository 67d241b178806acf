import { setTimeout as sleep } from 'node:timers/promises';
import { AppError } from '../../src/errors.ts';

export class BenchTimeoutError extends AppError {
  constructor(what: string, timeoutMs: number, detail = '') {
    super(
      'bench_timeout',
      `Timed out after ${timeoutMs} ms waiting for ${what}.${detail ? `\n${detail}` : ''}`,
    );
  }
}

export interface PollOptions {
  what: string;
  timeoutMs: number;
  /** Default 1 ms: timings read from the resolution time are then good to about a millisecond. */
  intervalMs?: number;
  detail?: () => string;
}

/** Resolves with Date.now() at the first check where `holds()` is true. */
export async function pollUntil(holds: () => boolean, options: PollOptions): Promise<number> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    if (holds()) return Date.now();
    if (Date.now() > deadline)
      throw new BenchTimeoutError(options.what, options.timeoutMs, options.detail?.());
    await sleep(options.intervalMs ?? 1);
  }
}

/** Resolves once `count()` has not changed for `quietMs` (e.g. no new Slack calls). */
export async function waitForQuiet(count: () => number, quietMs: number, timeoutMs: number): Promise<void> {
  let last = count();
  let since = Date.now();
  await pollUntil(
    () => {
      const now = count();
      if (now !== last) {
        last = now;
        since = Date.now();
      }
      return Date.now() - since >= quietMs;
    },
    { what: `${quietMs} ms without new activity`, timeoutMs, intervalMs: 20 },
  );
}

/** Like pollUntil, but reaching the cap is an outcome, not an error: resolves with whether it held. */
export async function pollUntilCap(
  holds: () => boolean,
  capMs: number,
  intervalMs = 20,
): Promise<{ held: boolean; at: number }> {
  try {
    return {
      held: true,
      at: await pollUntil(holds, { what: 'a capped wait', timeoutMs: capMs, intervalMs }),
    };
  } catch (err) {
    if (err instanceof BenchTimeoutError) return { held: false, at: Date.now() };
    throw err;
  }
}
