import type { ChatPostMessageArguments, ChatUpdateArguments, WebClient } from '@slack/web-api';

export interface PacingOptions {
  /** Messages a channel may receive at once before spacing starts (Slack allows short bursts). */
  burst: number;
  /** Spacing between further messages to one channel; 0 turns pacing off. */
  intervalMs: number;
  now?: () => number;
}

type Task<T> = () => Promise<T>;

/**
 * A token bucket per channel: Slack allows about one chat.postMessage per second per channel, with
 * short bursts. Waiting here instead of being answered 429 keeps the client's retry budget and its
 * shared queue (which a 429 pauses for every channel) free.
 */
export class ChannelPacer {
  private readonly buckets = new Map<string, { tokens: number; at: number; queue: Waiting[] }>();
  private seq = 0;
  private readonly options: Required<PacingOptions>;

  constructor(options: PacingOptions) {
    this.options = { now: Date.now, ...options };
  }

  /**
   * Runs `task` when the channel has room. Lower `rank` goes first (then arrival order): thread
   * replies are ranked by their thread's age, so with several plans in one channel the older plan
   * finishes first instead of all of them finishing last.
   */
  schedule<T>(channel: string, task: Task<T>, rank = 0): Promise<T> {
    if (this.options.intervalMs <= 0) return task();
    return new Promise<void>((resolve) => {
      const bucket = this.bucket(channel);
      bucket.queue.push({ rank, seq: this.seq++, resolve });
      bucket.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      if (bucket.queue.length === 1) this.drain(channel);
    }).then(task);
  }

  private bucket(channel: string) {
    let bucket = this.buckets.get(channel);
    if (!bucket) {
      bucket = { tokens: this.options.burst, at: this.options.now(), queue: [] };
      this.buckets.set(channel, bucket);
    }
    return bucket;
  }

  private drain(channel: string): void {
    const bucket = this.bucket(channel);
    const { burst, intervalMs, now } = this.options;
    const elapsed = now() - bucket.at;
    const refill = Math.floor(elapsed / intervalMs);
    if (refill > 0) {
      bucket.tokens = Math.min(burst, bucket.tokens + refill);
      bucket.at = bucket.tokens === burst ? now() : bucket.at + refill * intervalMs;
    }
    while (bucket.tokens > 0 && bucket.queue.length > 0) {
      bucket.tokens -= 1;
      bucket.queue.shift()?.resolve();
    }
    if (bucket.queue.length > 0) {
      setTimeout(() => this.drain(channel), Math.max(1, bucket.at + intervalMs - now()));
    } else if (bucket.tokens === burst) {
      this.buckets.delete(channel);
    }
  }
}

/**
 * Updates of one message collapse to the latest: while one is in flight, only the newest waiting
 * content is sent next, and every caller whose update was superseded resolves with that result.
 */
export class LatestUpdate {
  private readonly slots = new Map<string, { running: boolean; next?: Pending }>();

  run<T>(key: string, task: Task<T>): Promise<T> {
    const slot = this.slots.get(key) ?? { running: false };
    this.slots.set(key, slot);
    return new Promise<T>((resolve, reject) => {
      const waiting = slot.next;
      const pending: Pending = {
        task,
        settle: [...(waiting?.settle ?? []), { resolve: resolve as (v: unknown) => void, reject }],
      };
      slot.next = pending;
      if (!slot.running) void this.pump(key, slot);
    });
  }

  private async pump(key: string, slot: { running: boolean; next?: Pending }): Promise<void> {
    slot.running = true;
    while (slot.next) {
      const { task, settle } = slot.next;
      slot.next = undefined;
      try {
        const result = await task();
        for (const s of settle) s.resolve(result);
      } catch (err) {
        for (const s of settle) s.reject(err);
      }
    }
    slot.running = false;
    this.slots.delete(key);
  }
}

interface Waiting {
  rank: number;
  seq: number;
  resolve: () => void;
}

interface Pending {
  task: Task<unknown>;
  settle: { resolve: (value: unknown) => void; reject: (err: unknown) => void }[];
}

/** Routes the client's chat.postMessage through the pacer and chat.update through LatestUpdate. */
export function paceClient(client: WebClient, options: PacingOptions): WebClient {
  const pacer = new ChannelPacer(options);
  const updates = new LatestUpdate();
  const post = client.chat.postMessage.bind(client.chat);
  const update = client.chat.update.bind(client.chat);
  // New roots (rank 0) go first, so every request is acknowledged in the channel at once.
  client.chat.postMessage = (args: ChatPostMessageArguments) =>
    pacer.schedule(args.channel, () => post(args), Number(args.thread_ts ?? 0) || 0);
  client.chat.update = (args: ChatUpdateArguments) =>
    updates.run(`${args.channel}:${args.ts}`, () => update(args));
  return client;
}
