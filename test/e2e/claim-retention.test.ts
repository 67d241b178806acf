import { afterEach, describe, expect, it } from 'vitest';
import { DELIVERY_CLAIM_RETENTION_MS } from '../../src/store/claim-retention.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type Harness, startHarness } from './harness.ts';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('delivery claims', () => {
  it('are forgotten once older than a day, from the app’s first minute; a plan’s own claims stay', async () => {
    let at = Date.now() - DELIVERY_CLAIM_RETENTION_MS - 60_000;
    const store = openSqliteStore(':memory:', { now: () => new Date(at) });
    for (const key of ['command:T-old', 'event:Ev-old', 'approvals:green:P1:1']) await store.claimOnce(key);
    at = Date.now();
    await store.claimOnce('event:Ev-new');

    harness = await startHarness({ store });
    const deadline = Date.now() + 5_000;
    let keys: string[] = [];
    while (Date.now() < deadline) {
      keys = (await store.listClaimsAfter('', 100)).map((c) => c.key);
      if (keys.length === 2) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(keys).toEqual(['approvals:green:P1:1', 'event:Ev-new']);
  });
});
