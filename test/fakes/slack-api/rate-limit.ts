export interface RateLimit {
  /** Sustained chat.postMessage rate per channel (Slack: about 1 per second). */
  postMessagePerChannelPerSec: number;
  /** Messages a quiet channel may take at once. */
  burst: number;
}

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/** One token bucket per key. take() answers 0 when allowed, else the whole seconds to wait (≥ 1). */
export class TokenBuckets {
  private readonly buckets = new Map<string, Bucket>();
  private readonly limit: RateLimit;

  constructor(limit: RateLimit) {
    if (!(limit.postMessagePerChannelPerSec > 0) || !(limit.burst >= 1)) {
      throw new RangeError('rateLimit needs postMessagePerChannelPerSec > 0 and burst ≥ 1');
    }
    this.limit = limit;
  }

  take(key: string, nowMs: number): number {
    const bucket = this.refill(
      this.buckets.get(key) ?? { tokens: this.limit.burst, refilledAt: nowMs },
      nowMs,
    );
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.limit.postMessagePerChannelPerSec));
  }

  clear(): void {
    this.buckets.clear();
  }

  private refill(bucket: Bucket, nowMs: number): Bucket {
    const earned = (Math.max(0, nowMs - bucket.refilledAt) / 1000) * this.limit.postMessagePerChannelPerSec;
    return { tokens: Math.min(this.limit.burst, bucket.tokens + earned), refilledAt: nowMs };
  }
}

export interface MethodLimit {
  perMinute: number;
  burst: number;
}

/**
 * Slack's per-method, per-workspace limits: one token bucket per method, from one table (by
 * default src/slack/limits.ts: method → tier → requests per minute, a small burst). Methods the
 * table does not name are not limited here.
 */
export class MethodBuckets {
  private readonly buckets = new Map<string, TokenBuckets>();
  private readonly limitOf: (method: string) => MethodLimit | undefined;

  constructor(limitOf: (method: string) => MethodLimit | undefined) {
    this.limitOf = limitOf;
  }

  /** 0 when allowed, else the whole seconds to wait (≥ 1). */
  take(method: string, nowMs: number): number {
    let bucket = this.buckets.get(method);
    if (!bucket) {
      const limit = this.limitOf(method);
      if (!limit) return 0;
      bucket = new TokenBuckets({ postMessagePerChannelPerSec: limit.perMinute / 60, burst: limit.burst });
      this.buckets.set(method, bucket);
    }
    return bucket.take(method, nowMs);
  }

  clear(): void {
    this.buckets.clear();
  }
}
