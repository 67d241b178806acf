/** What a scripted call answers instead of the real thing. */
export type Failure = { error: string } | { status: 500 } | { status: 429; retryAfterSec: number };

interface Scripted<T> {
  value: T;
  remaining: number;
  /** Calls to let through untouched first. */
  skip: number;
}

/** Per-method queues of one-shot behaviours (failNext, stallNext), consumed in order. */
export class Script<T> {
  private readonly queues = new Map<string, Scripted<T>[]>();

  add(method: string, value: T, times: number, after = 0): void {
    if (!Number.isInteger(times) || times < 1)
      throw new RangeError(`times must be a whole number ≥ 1, got ${times}`);
    if (!Number.isInteger(after) || after < 0)
      throw new RangeError(`after must be a whole number ≥ 0, got ${after}`);
    const queue = this.queues.get(method) ?? [];
    queue.push({ value, remaining: times, skip: after });
    this.queues.set(method, queue);
  }

  take(method: string): T | undefined {
    const queue = this.queues.get(method);
    const head = queue?.[0];
    if (!queue || !head) return undefined;
    if (head.skip > 0) {
      head.skip -= 1;
      return undefined;
    }
    head.remaining -= 1;
    if (head.remaining === 0) queue.shift();
    return head.value;
  }

  clear(): void {
    this.queues.clear();
  }
}
