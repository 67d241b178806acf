import type { Clock } from '../../lib/clock.ts';

/**
 * Keeps open Home tabs current: whoever opened theirs recently gets it rebuilt after a change that
 * may concern them (a plan ready, a decision, a revision, an expiry), at most once per `settleMs`
 * however many changes came in. A Home tab is a view of the database, rebuilt in full when opened,
 * so a refresh lost to a restart costs nothing: timers are enough here.
 */
export interface HomeWatch {
  opened(userId: string): void;
  changed(): void;
  /** Who rebuilds a Home tab: set once by the approvals service. */
  setPublisher(publish: (userId: string) => Promise<void>): void;
  stop(): void;
}

export interface HomeWatchOptions {
  clock: Clock;
  /** Changes within this window make one refresh per person. */
  settleMs?: number;
  /** A Home tab opened longer ago than this is not kept current (it is rebuilt on the next open). */
  watchMs?: number;
}

const DEFAULT_SETTLE_MS = 2_000;
const DEFAULT_WATCH_MS = 8 * 3_600_000;

export function createHomeWatch(options: HomeWatchOptions): HomeWatch {
  const settleMs = options.settleMs ?? DEFAULT_SETTLE_MS;
  const watchMs = options.watchMs ?? DEFAULT_WATCH_MS;
  const openedAt = new Map<string, number>();
  const due = new Map<string, ReturnType<typeof setTimeout>>();
  let publish: ((userId: string) => Promise<void>) | undefined;

  const refresh = (userId: string) => {
    due.delete(userId);
    void publish?.(userId);
  };

  return {
    opened(userId) {
      openedAt.set(userId, options.clock.now().getTime());
    },
    changed() {
      const now = options.clock.now().getTime();
      for (const [userId, at] of openedAt) {
        if (now - at > watchMs) {
          openedAt.delete(userId);
          continue;
        }
        if (due.has(userId)) continue;
        const timer = setTimeout(() => refresh(userId), settleMs);
        timer.unref();
        due.set(userId, timer);
      }
    },
    setPublisher(fn) {
      publish = fn;
    },
    stop() {
      for (const timer of due.values()) clearTimeout(timer);
      due.clear();
    },
  };
}
