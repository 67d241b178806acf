import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../src/slack/middleware/dedupe.ts';
import {
  CLAIM_SWEEP_PAGE,
  claimsToForget,
  createClaimSweep,
  DELIVERY_CLAIM_RETENTION_MS,
  deliveryClaimKey,
  isDeliveryClaim,
} from '../../src/store/claim-retention.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';

const HOUR = 60 * 60 * 1000;

/** A clock the test moves by hand. */
function handClock(start = Date.parse('2026-03-01T09:00:00.000Z')) {
  let at = start;
  return {
    now: () => new Date(at),
    advance: (ms: number) => {
      at += ms;
    },
  };
}

describe('isDeliveryClaim', () => {
  it('knows the keys the dedupe middleware makes for commands and clicks', () => {
    const command = deliveryKey({ command: '/release-plan', trigger_id: '1.2.abc' });
    const click = deliveryKey({
      type: 'block_actions',
      trigger_id: '1.2.abc',
      actions: [{ action_ts: '3.4' }],
    });
    expect([command, click].map((key) => isDeliveryClaim(key ?? ''))).toEqual([true, true]);
  });

  it('makes keys as claims stored before it were made, so those are found and kept apart', () => {
    expect(deliveryClaimKey('reply', 'C1', '1.2')).toBe('reply:C1:1.2');
    expect(deliveryClaimKey('submission', 'V1')).toBe('submission:V1');
  });

  it('keeps the claims that record a plan’s own history', () => {
    const kept = [
      'approvals:green:P1:2',
      'approvals:no-policy:P1',
      'retry:P1:x',
      'review-retry:P1:h:0',
      'feedback:P1:F1',
    ];
    expect(kept.filter(isDeliveryClaim)).toEqual([]);
    const forgotten = ['event:Ev1', 'reply:C1:1.2', 'submission:V1', 'health:u'];
    expect(forgotten.filter(isDeliveryClaim)).toEqual(forgotten);
  });
});

describe('claimsToForget', () => {
  it('picks delivery claims made before the cut-off', () => {
    const page = [
      { key: 'event:old', createdAt: '2026-03-01T08:59:59.999Z' },
      { key: 'event:new', createdAt: '2026-03-01T09:00:00.000Z' },
      { key: 'approvals:green:P1:1', createdAt: '2026-01-01T00:00:00.000Z' },
    ];
    expect(claimsToForget(page, '2026-03-01T09:00:00.000Z')).toEqual(['event:old']);
  });
});

describe('createClaimSweep', () => {
  it('forgets delivery claims older than a day, page by page, and starts over at the end', async () => {
    const clock = handClock();
    const store = openSqliteStore(':memory:', { now: clock.now });
    for (const key of ['command:T1', 'event:Ev1', 'approvals:green:P1:1', 'reply:C1:1.0']) {
      await store.claimOnce(key);
    }
    clock.advance(DELIVERY_CLAIM_RETENTION_MS - HOUR);
    await store.claimOnce('action:T2:9.9');
    clock.advance(2 * HOUR);
    const step = createClaimSweep({ store, clock }, 2);

    // Key order: action:, approvals:, command:, event:, reply: — two keys a page.
    expect(await step()).toEqual({ forgotten: 0, wrapped: false });
    expect(await step()).toEqual({ forgotten: 2, wrapped: false });
    expect(await step()).toEqual({ forgotten: 1, wrapped: true });
    const left = await store.listClaimsAfter('', 10);
    expect(left.map((c) => c.key)).toEqual(['action:T2:9.9', 'approvals:green:P1:1']);
    expect(await store.claimOnce('command:T1')).toBe(true);

    clock.advance(DELIVERY_CLAIM_RETENTION_MS);
    expect(await step()).toEqual({ forgotten: 1, wrapped: false });
    await store.close();
  });

  it('reads a bounded page per step however many claims there are', async () => {
    const clock = handClock();
    const store = openSqliteStore(':memory:', { now: clock.now });
    for (let i = 0; i < CLAIM_SWEEP_PAGE + 5; i++)
      await store.claimOnce(`event:Ev${String(i).padStart(5, '0')}`);
    clock.advance(DELIVERY_CLAIM_RETENTION_MS + 1);
    const step = createClaimSweep({ store, clock });
    expect(await step()).toEqual({ forgotten: CLAIM_SWEEP_PAGE, wrapped: false });
    expect(await step()).toEqual({ forgotten: 5, wrapped: true });
    expect(await store.listClaimsAfter('', 10)).toEqual([]);
    await store.close();
  });
});
