import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ModelError } from '../../src/llm/port.ts';
import { createIdleWatchdog, superviseStream } from '../../src/llm/watchdog.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createIdleWatchdog', () => {
  it('fires once after idleMs without a touch', () => {
    const onIdle = vi.fn();
    const watchdog = createIdleWatchdog(100, onIdle);
    vi.advanceTimersByTime(99);
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(onIdle).toHaveBeenCalledTimes(1);
    expect(watchdog.fired).toBe(true);
    vi.advanceTimersByTime(1000);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('restarts the idle period on every touch', () => {
    const onIdle = vi.fn();
    const watchdog = createIdleWatchdog(100, onIdle);
    for (let i = 0; i < 10; i++) {
      vi.advanceTimersByTime(90);
      watchdog.touch();
    }
    expect(onIdle).not.toHaveBeenCalled();
    vi.advanceTimersByTime(100);
    expect(onIdle).toHaveBeenCalledTimes(1);
  });

  it('never fires once stopped', () => {
    const onIdle = vi.fn();
    const watchdog = createIdleWatchdog(100, onIdle);
    watchdog.stop();
    watchdog.touch();
    vi.advanceTimersByTime(1000);
    expect(onIdle).not.toHaveBeenCalled();
    expect(watchdog.fired).toBe(false);
  });
});

describe('superviseStream', () => {
  const base = { idleTimeoutMs: 100, signal: undefined, onTopLevelValue: undefined };

  it('arms the watchdog only when connected, then aborts a silent stream as stalled', () => {
    const abort = vi.fn();
    const supervisor = superviseStream({ ...base, abort });
    vi.advanceTimersByTime(1000);
    expect(abort).not.toHaveBeenCalled();
    supervisor.connected();
    supervisor.progress();
    vi.advanceTimersByTime(100);
    expect(abort).toHaveBeenCalledTimes(1);
    expect(supervisor.interruption()).toMatchObject({ code: 'stalled' });
    supervisor.stop();
  });

  it('reports the caller’s abort as aborted', () => {
    const controller = new AbortController();
    const supervisor = superviseStream({ ...base, signal: controller.signal, abort: () => {} });
    expect(supervisor.interruption()).toBeUndefined();
    controller.abort();
    const interruption = supervisor.interruption();
    expect(interruption).toBeInstanceOf(ModelError);
    expect(interruption).toMatchObject({ code: 'aborted' });
  });

  it('aborts the stream on a callback failure and reports that error as is', async () => {
    vi.useRealTimers();
    const abort = vi.fn();
    const error = new Error('slack is down');
    const supervisor = superviseStream({
      ...base,
      abort,
      onTopLevelValue: () => {
        throw error;
      },
    });
    supervisor.text('{"scorecard":{}');
    expect(await supervisor.settle()).toEqual({ error });
    expect(abort).toHaveBeenCalledTimes(1);
    expect(supervisor.interruption()).toBe(error);
  });
});
