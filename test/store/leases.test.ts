import { describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleRequest } from '../fakes/plan-fixture.ts';

const request = sampleRequest();

function storeAt(clock: { t: number }) {
  return openSqliteStore(':memory:', { now: () => new Date(clock.t) });
}

async function draft(store: ReturnType<typeof storeAt>, key: string) {
  return (
    await store.createPlan({ submissionKey: key, teamId: 'T', channelId: 'C1', requesterId: 'U1', request })
  ).plan;
}

describe('generation leases', () => {
  it('lets one owner hold a plan until the lease expires, then another', async () => {
    const clock = { t: 1_000_000 };
    const store = storeAt(clock);
    const plan = await draft(store, 'v1');
    expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(true);
    expect(await store.acquireLease(plan.id, 'replica-b', 30_000)).toBe(false);
    expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(true);
    clock.t += 30_001;
    expect(await store.acquireLease(plan.id, 'replica-b', 30_000)).toBe(true);
    expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(false);
  });

  it('lists drafting plans whose lease is gone or expired, not finished or leased ones', async () => {
    const clock = { t: 5_000_000 };
    const store = storeAt(clock);
    const orphan = await draft(store, 'orphan');
    const leased = await draft(store, 'leased');
    const expired = await draft(store, 'expired');
    const done = await draft(store, 'done');
    await store.setStatus(done.id, 'ready');
    await store.acquireLease(leased.id, 'a', 60_000);
    await store.acquireLease(expired.id, 'a', 1_000);
    clock.t += 2_000;
    const fresh = await draft(store, 'fresh');
    const ids = (await store.listOrphanedDrafts(1_000)).map((p) => p.id);
    expect(ids.sort()).toEqual([orphan.id, expired.id].sort());
    expect(ids).not.toContain(fresh.id);
    await store.releaseLease(leased.id, 'a');
    expect((await store.listOrphanedDrafts(1_000)).map((p) => p.id)).toContain(leased.id);
  });
});
