import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ChannelPacer, LatestUpdate, paceClient } from '../../src/slack/pacing.ts';
import { TokenBuckets } from '../fakes/slack-api/rate-limit.ts';
import { startFakeSlack } from '../fakes/slack-api.ts';

describe('ChannelPacer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  function record(pacer: ChannelPacer, channel: string, n: number, sent: [string, number][]) {
    return Array.from({ length: n }, (_, i) =>
      pacer.schedule(channel, async () => {
        sent.push([`${channel}${i}`, Date.now()]);
      }),
    );
  }

  it('lets a burst through, then spaces one message per interval, per channel', async () => {
    const start = Date.now();
    const pacer = new ChannelPacer({ burst: 3, intervalMs: 1000 });
    const sent: [string, number][] = [];
    const all = [...record(pacer, 'A', 5, sent), ...record(pacer, 'B', 2, sent)];
    await vi.advanceTimersByTimeAsync(5000);
    await Promise.all(all);
    const at = Object.fromEntries(sent.map(([k, t]) => [k, t - start]));
    expect(at).toEqual({ A0: 0, A1: 0, A2: 0, A3: 1000, A4: 2000, B0: 0, B1: 0 });
  });

  it('keeps messages to one channel in order', async () => {
    const pacer = new ChannelPacer({ burst: 1, intervalMs: 100 });
    const sent: [string, number][] = [];
    const all = record(pacer, 'C', 4, sent);
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(sent.map(([k]) => k)).toEqual(['C0', 'C1', 'C2', 'C3']);
  });

  it('refills after a quiet spell', async () => {
    const pacer = new ChannelPacer({ burst: 2, intervalMs: 1000 });
    const sent: [string, number][] = [];
    await Promise.all(record(pacer, 'D', 2, sent));
    await vi.advanceTimersByTimeAsync(2500);
    const start = Date.now();
    const again = record(pacer, 'D', 2, sent);
    await vi.advanceTimersByTimeAsync(0);
    await Promise.all(again);
    expect(sent.slice(2).map(([, t]) => t - start)).toEqual([0, 0]);
  });

  it('does not pace when the interval is 0', async () => {
    const pacer = new ChannelPacer({ burst: 1, intervalMs: 0 });
    const sent: [string, number][] = [];
    await Promise.all(record(pacer, 'E', 5, sent));
    expect(sent).toHaveLength(5);
  });
});

describe('LatestUpdate', () => {
  it('sends only the newest of the updates that queued behind a running one', async () => {
    const updates = new LatestUpdate();
    const sent: string[] = [];
    let release: () => void = () => {};
    const first = updates.run('m', async () => {
      await new Promise<void>((r) => {
        release = r;
      });
      sent.push('v1');
      return 'v1';
    });
    const second = updates.run('m', async () => {
      sent.push('v2');
      return 'v2';
    });
    const third = updates.run('m', async () => {
      sent.push('v3');
      return 'v3';
    });
    release();
    expect(await Promise.all([first, second, third])).toEqual(['v1', 'v3', 'v3']);
    expect(sent).toEqual(['v1', 'v3']);
  });

  it('passes a failure to every caller it superseded, and recovers', async () => {
    const updates = new LatestUpdate();
    const failing = updates.run('m', async () => {
      throw new Error('slack down');
    });
    await expect(failing).rejects.toThrow('slack down');
    expect(await updates.run('m', async () => 'ok')).toBe('ok');
  });
});

describe('ChannelPacer ranks', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('serves the lowest rank first once the burst is spent, arrival order within a rank', async () => {
    const pacer = new ChannelPacer({ burst: 1, intervalMs: 100 });
    const sent: string[] = [];
    const post = (name: string, rank: number) =>
      pacer.schedule(
        'C',
        async () => {
          sent.push(name);
        },
        rank,
      );
    const all = [post('first', 0), post('new-b', 2), post('old-a1', 1), post('root', 0), post('old-a2', 1)];
    await vi.advanceTimersByTimeAsync(1000);
    await Promise.all(all);
    expect(sent).toEqual(['first', 'root', 'old-a1', 'old-a2', 'new-b']);
  });
});

describe('ChannelPacer against a server that counts arrivals', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  /**
   * Posts travel for `delays[i]` ms before the server (Slack's own token bucket, as the fake
   * models it) sees them. A post held up in a busy event loop or on a new connection must not
   * arrive together with the ones sent after it.
   */
  async function rejectedBy(pacer: ChannelPacer, delays: readonly number[]): Promise<number> {
    const server = new TokenBuckets({ postMessagePerChannelPerSec: 10, burst: 3 });
    let rejected = 0;
    const posts = delays.map((delay) =>
      pacer.schedule('C', async () => {
        await new Promise((resolve) => setTimeout(resolve, delay));
        if (server.take('C', Date.now()) > 0) rejected += 1;
      }),
    );
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(posts);
    return rejected;
  }

  it.each([
    ['a first post delayed longer than the spacing', [160, 30, 30, 5, 5, 5]],
    ['a burst whose first post is slow', [120, 0, 0, 0, 0, 0, 0]],
    ['uneven delays throughout', [90, 5, 60, 0, 110, 0, 40, 0, 75, 0]],
  ])('meets no rejection with %s', async (_name, delays) => {
    const pacer = new ChannelPacer({ burst: 3, intervalMs: 110 });
    expect(await rejectedBy(pacer, delays)).toBe(0);
  });
});

describe('paceClient against the fake Slack’s per-method limits', () => {
  // Slack allows 2 at once and 10 a second; the app spends 1 at once and 9 a second.
  const SLACK_LIMIT = { perMinute: 600, burst: 2 };
  const APP_BUDGET = { perMinute: 540, burst: 1 };
  type Paced = ReturnType<typeof paceClient>;

  it.each([
    [
      'reactions.add',
      (api: Paced, ts: string) => api.reactions.add({ channel: 'C1', timestamp: ts, name: 'eyes' }),
    ],
    [
      'chat.getPermalink',
      (api: Paced, ts: string) => api.chat.getPermalink({ channel: 'C1', message_ts: ts }),
    ],
  ])('spends %s from its budget: six at once meet no 429', async (method, call) => {
    const fake = await startFakeSlack({ methodLimits: (m) => (m === method ? SLACK_LIMIT : undefined) });
    try {
      const client = new WebClient('xoxb-test', {
        slackApiUrl: fake.url,
        logLevel: LogLevel.ERROR,
        retryConfig: { retries: 0 },
        rejectRateLimitedCalls: true,
      });
      const api = paceClient(client, {
        burst: 1,
        intervalMs: 0,
        budgetOf: (m) => (m === method ? APP_BUDGET : undefined),
      });
      const messages = [];
      for (let i = 0; i < 6; i++)
        messages.push((await client.chat.postMessage({ channel: 'C1', text: `${i}` })).ts ?? '');
      const results = await Promise.allSettled(messages.map((ts) => call(api, ts)));
      expect(results.map((r) => r.status)).toEqual(Array(6).fill('fulfilled'));
      expect(Object.fromEntries(fake.rateLimitedBy)).toEqual({});
      expect(fake.callsTo(method)).toHaveLength(6);
    } finally {
      await fake.close();
    }
  });
});
