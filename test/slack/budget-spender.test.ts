import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BudgetSpender, type Priority } from '../../src/slack/budget-spender.ts';
import { appBudgetOf, METHOD_TIERS, sharedBudget, slackBudgetOf } from '../../src/slack/limits.ts';

/** 60 per minute, burst 2: one call a second once two went at once. */
const BUDGET = { perMinute: 60, burst: 2 };

describe('BudgetSpender', () => {
  let start: number;
  beforeEach(() => {
    vi.useFakeTimers();
    start = Date.now();
  });
  afterEach(() => vi.useRealTimers());

  function spender(promoteAfterMs = 10_000) {
    return new BudgetSpender({
      budgetOf: (m) => (m === 'chat.update' ? BUDGET : undefined),
      promoteAfterMs,
      now: () => Date.now(),
    });
  }

  function call(s: BudgetSpender, sent: [string, number][], name: string, priority: Priority, key?: string) {
    return s.spend(
      'chat.update',
      async () => {
        sent.push([name, Date.now() - start]);
        return name;
      },
      { priority, ...(key ? { key } : {}) },
    );
  }

  it('spends the burst at once, then one call per interval', async () => {
    const s = spender();
    const sent: [string, number][] = [];
    const all = ['a', 'b', 'c', 'd'].map((n) => call(s, sent, n, 'progress'));
    await vi.advanceTimersByTimeAsync(3000);
    await Promise.all(all);
    expect(sent).toEqual([
      ['a', 0],
      ['b', 0],
      ['c', 1000],
      ['d', 2000],
    ]);
  });

  it("sends a person's call before progress that waited less long", async () => {
    const s = spender();
    const sent: [string, number][] = [];
    const all = [
      call(s, sent, 'p1', 'progress'),
      call(s, sent, 'p2', 'progress'),
      call(s, sent, 'p3', 'progress'),
      call(s, sent, 'p4', 'progress'),
      call(s, sent, 'click', 'person'),
    ];
    await vi.advanceTimersByTimeAsync(4000);
    await Promise.all(all);
    expect(sent.map(([n]) => n)).toEqual(['p1', 'p2', 'click', 'p3', 'p4']);
  });

  it('collapses waiting updates of one message to the latest; every caller gets its result', async () => {
    const s = spender();
    const sent: [string, number][] = [];
    const first = [call(s, sent, 'x', 'progress'), call(s, sent, 'y', 'progress')];
    const root = [1, 2, 3].map((i) => call(s, sent, `root v${i}`, 'progress', 'C1:1.0'));
    await vi.advanceTimersByTimeAsync(2000);
    await Promise.all(first);
    expect(await Promise.all(root)).toEqual(['root v3', 'root v3', 'root v3']);
    expect(sent.map(([n]) => n)).toEqual(['x', 'y', 'root v3']);
  });

  it('sends updates of one message one at a time, in order', async () => {
    const s = new BudgetSpender({ budgetOf: () => undefined, now: () => Date.now() });
    const order: string[] = [];
    let release: () => void = () => undefined;
    const slow = s.spend(
      'chat.update',
      () =>
        new Promise<void>((resolve) => {
          order.push('v1 sent');
          release = () => {
            order.push('v1 answered');
            resolve();
          };
        }),
      { key: 'm' },
    );
    const next = s.spend('chat.update', async () => void order.push('v2 sent'), { key: 'm' });
    await vi.advanceTimersByTimeAsync(10);
    expect(order).toEqual(['v1 sent']);
    release();
    await Promise.all([slow, next]);
    expect(order).toEqual(['v1 sent', 'v1 answered', 'v2 sent']);
  });

  it('starves nothing: progress that waited long enough gets a call in three among clicks', async () => {
    const s = spender(3000);
    const sent: [string, number][] = [];
    const all = [
      call(s, sent, 'a', 'person'),
      call(s, sent, 'b', 'person'),
      call(s, sent, 'progress', 'progress'),
    ];
    // A click every second, forever as far as the budget can tell.
    for (let i = 0; i < 8; i++) {
      all.push(call(s, sent, `click${i}`, 'person'));
      await vi.advanceTimersByTimeAsync(1000);
    }
    await vi.advanceTimersByTimeAsync(10_000);
    await Promise.all(all);
    const at = Object.fromEntries(sent);
    expect(at.progress).toBeGreaterThanOrEqual(3000);
    expect(at.progress).toBeLessThanOrEqual(5000);
    // Clicks go on being served around it: at most one progress call between two clicks.
    expect(sent.filter(([, t]) => t <= 8000).length).toBeGreaterThanOrEqual(9);
  });

  it('lets methods without a budget through at once', async () => {
    const s = spender();
    const sent: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, () => s.spend('chat.postEphemeral', async () => void sent.push(Date.now()))),
    );
    expect(sent).toHaveLength(20);
    expect(new Set(sent).size).toBe(1);
  });

  it('passes a failure to every caller of a collapsed update, and goes on', async () => {
    const s = spender();
    const sent: [string, number][] = [];
    await Promise.all([call(s, sent, 'x', 'progress'), call(s, sent, 'y', 'progress')]);
    const failing = s.spend('chat.update', () => Promise.reject(new Error('message_not_found')), {
      key: 'm',
    });
    const after = call(s, sent, 'z', 'progress');
    const caught = failing.catch((err: Error) => err.message);
    await vi.advanceTimersByTimeAsync(3000);
    expect(await caught).toBe('message_not_found');
    expect(await after).toBe('z');
  });
});

describe('Slack limits table', () => {
  it('gives each tier its rate and a small burst', () => {
    expect(slackBudgetOf('chat.update')).toEqual({ perMinute: 50, burst: 5 });
    expect(slackBudgetOf('views.open')).toEqual({ perMinute: 100, burst: 10 });
    expect(slackBudgetOf('usergroups.users.list')).toEqual({ perMinute: 20, burst: 2 });
    expect(slackBudgetOf('chat.postMessage')).toBeUndefined();
    expect(Object.keys(METHOD_TIERS)).toContain('conversations.replies');
  });

  it('keeps the app under it, and splits it between replicas', () => {
    expect(appBudgetOf('chat.update')).toEqual({ perMinute: 45, burst: 4 });
    expect(sharedBudget(appBudgetOf('chat.update'), 0.5)).toEqual({ perMinute: 22.5, burst: 2 });
    expect(sharedBudget(appBudgetOf('usergroups.users.list'), 0.25)?.burst).toBe(1);
  });
});

describe('BudgetSpender deadlines', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fails a call the budget cannot send before its deadline, without spending budget', async () => {
    const s = new BudgetSpender({ budgetOf: () => ({ perMinute: 60, burst: 1 }), now: () => Date.now() });
    const sent: string[] = [];
    const send = (name: string, deadlineIn?: number) =>
      s.spend('views.open', async () => void sent.push(name), {
        ...(deadlineIn === undefined ? {} : { deadline: Date.now() + deadlineIn }),
        late: (waitMs) => new Error(`late by ${waitMs} ms`),
      });
    await send('first');
    // The budget is spent for a second: a call that may wait only 500 ms fails at once.
    await expect(send('too late', 500)).rejects.toThrow('late by 1000 ms');
    const patient = send('patient', 1500);
    await vi.advanceTimersByTimeAsync(1000);
    await patient;
    expect(sent).toEqual(['first', 'patient']);
  });
});
