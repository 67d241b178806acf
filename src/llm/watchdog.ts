import { createSectionRelay } from './json-stream.ts';
import { ModelError } from './port.ts';

export interface IdleWatchdog {
  /** Progress: restarts the idle period. */
  touch(): void;
  stop(): void;
  readonly fired: boolean;
}

/**
 * Calls `onIdle` once if `touch()` is not called for `idleMs`. The SDKs' `timeout` only bounds the
 * wait for response headers: a stream that stalls after them would otherwise hang forever.
 */
export function createIdleWatchdog(idleMs: number, onIdle: () => void): IdleWatchdog {
  let fired = false;
  let stopped = false;
  const timer = setTimeout(() => {
    fired = true;
    stopped = true;
    onIdle();
  }, idleMs);
  return {
    touch() {
      // refresh() re-arms the same timer (even a cleared one, hence the flag): cheap enough to call
      // on every streamed event.
      if (!stopped) timer.refresh();
    },
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
    get fired() {
      return fired;
    },
  };
}

export interface StreamSupervisorOptions {
  idleTimeoutMs: number;
  signal: AbortSignal | undefined;
  onTopLevelValue: ((key: string, value: unknown) => void | Promise<void>) | undefined;
  /** Aborts the SDK stream (stream.abort()). */
  abort: () => void;
}

export interface StreamSupervisor {
  /** The response headers arrived: from now on, silence longer than idleTimeoutMs is a stall. */
  connected(): void;
  /** Any streamed event. */
  progress(): void;
  /** A delta of the JSON text. */
  text(delta: string): void;
  /** Waits for the section callbacks; returns the first callback failure. */
  settle(): Promise<{ error: unknown } | undefined>;
  /** Waits for the section callbacks; throws the first callback failure. */
  finish(): Promise<void>;
  /**
   * Why the stream stopped early, if we stopped it — a failed callback (rethrown as is), the idle
   * watchdog or the caller's signal — so it is reported instead of the SDK's abort error.
   */
  interruption(): unknown;
  stop(): void;
}

/** Watches one adapter stream: idle watchdog, caller's abort signal and the section callbacks. */
export function superviseStream(options: StreamSupervisorOptions): StreamSupervisor {
  let watchdog: IdleWatchdog | undefined;
  let callbackFailure: { error: unknown } | undefined;
  const relay = createSectionRelay(options.onTopLevelValue, (error) => {
    callbackFailure = { error };
    options.abort();
  });
  return {
    connected() {
      watchdog ??= createIdleWatchdog(options.idleTimeoutMs, options.abort);
    },
    progress() {
      watchdog?.touch();
    },
    text(delta) {
      relay.write(delta);
    },
    settle: () => relay.settle(),
    async finish() {
      const failure = await relay.settle();
      if (failure) throw failure.error;
    },
    interruption() {
      if (callbackFailure) return callbackFailure.error;
      if (watchdog?.fired) {
        return new ModelError(
          'stalled',
          `The model stream was idle for ${options.idleTimeoutMs} ms and was aborted`,
        );
      }
      if (options.signal?.aborted) return new ModelError('aborted', 'The model request was cancelled');
      return undefined;
    },
    stop() {
      watchdog?.stop();
    },
  };
}
