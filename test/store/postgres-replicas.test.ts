import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/approval/decisions.ts';
import { verifyChain } from '../../src/store/audit-chain.ts';
import { StoreError } from '../../src/store/errors.ts';
import type { Store } from '../../src/store/port.ts';
import { PG_MIGRATIONS } from '../../src/store/postgres/migrations.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { sampleAuditEvent } from '../fakes/audit-events.ts';
import { sampleRequest } from '../fakes/plan-fixture.ts';
import { freshDatabase, withAdmin } from '../support/postgres.ts';
import { startPostgresServer } from '../support/postgres-server.ts';

/** Two pools on one database stand for two replicas: each has its own connections. */
let database: Awaited<ReturnType<typeof freshDatabase>>;
const opened: Store[] = [];

async function replica(options: Parameters<typeof openPostgresStore>[1] = {}): Promise<Store> {
  const store = await openPostgresStore(database.url, { poolSize: 5, ...options });
  opened.push(store);
  return store;
}

beforeEach(async () => {
  database = await freshDatabase();
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((s) => s.close()));
  await database.drop();
});

const newPlan = (key: string) => ({
  submissionKey: key,
  teamId: 'T1',
  channelId: 'C1',
  requesterId: 'U1',
  request: sampleRequest(),
});

describe('PostgreSQL migrations', () => {
  it('applies each migration once when replicas start together', async () => {
    await Promise.all([replica(), replica(), replica()]);
    const versions = await withAdmin(database.url, (c) =>
      c.query<{ version: number }>('SELECT version FROM schema_version ORDER BY version'),
    );
    expect(versions.rows.map((r) => r.version)).toEqual(PG_MIGRATIONS.map((_, i) => i + 1));
  });

  it('refuses to start on a schema newer than this build knows, saying so', async () => {
    const first = await replica();
    await first.close();
    await withAdmin(database.url, (c) =>
      c.query(
        `INSERT INTO schema_version (version, applied_at) VALUES (${PG_MIGRATIONS.length + 1}, 'later')`,
      ),
    );
    const refused = openPostgresStore(database.url);
    await expect(refused).rejects.toBeInstanceOf(StoreError);
    await expect(refused).rejects.toThrow(/newer than this build knows.*upgrade Release Planner/);
  });

  it('keeps the audit log append-only against anyone with SQL access', async () => {
    const store = await replica();
    await store.appendAudit(sampleAuditEvent('p1', 1));
    for (const sql of ["UPDATE audit SET actor = 'U9'", 'DELETE FROM audit', 'TRUNCATE audit']) {
      await expect(withAdmin(database.url, (c) => c.query(sql))).rejects.toThrow(/append-only/);
    }
    expect(verifyChain(await store.listAudit()).ok).toBe(true);
  });
});

describe('PostgreSQL across replicas', () => {
  it('keeps one audit chain, without a fork, when replicas append at once', async () => {
    const [a, b, c] = await Promise.all([replica(), replica(), replica()]);
    await Promise.all(
      Array.from({ length: 60 }, (_, i) => [a, b, c][i % 3]?.appendAudit(sampleAuditEvent(`p${i % 4}`, i))),
    );
    const log = await a.listAudit();
    expect(log).toHaveLength(60);
    expect(verifyChain(log)).toEqual({ ok: true, count: 60 });
  });

  it('serialises plan transactions between replicas: a role is filled once', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const { plan } = await a.createPlan(newPlan('v1'));
    // Each replica approves as the release manager unless someone already has: check, then write.
    const approveIfOpen = (store: Store, userId: string) =>
      store.withPlanTransaction(plan.id, async (tx) => {
        const taken = (await tx.listDecisions(plan.id)).some((d) => d.role === 'release-manager');
        await new Promise((resolve) => setTimeout(resolve, 30));
        if (taken) return false;
        return tx.recordDecision(decision(plan.id, userId));
      });
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => approveIfOpen(i % 2 ? a : b, `U${i + 10}`)),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await a.listDecisions(plan.id)).toHaveLength(1);
  });

  it('makes a version change wait for a plan transaction in progress', async () => {
    const [a, b] = await Promise.all([replica(), replica()]);
    const { plan } = await a.createPlan(newPlan('v1'));
    const order: string[] = [];
    const held = a.withPlanTransaction(plan.id, async (tx) => {
      await tx.getPlan(plan.id);
      await new Promise((resolve) => setTimeout(resolve, 200));
      order.push('decided');
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await b.setVersion(plan.id, 2);
    order.push('version');
    await held;
    expect(order).toEqual(['decided', 'version']);
  });

  it('claims a delivery and a lease for exactly one of many replicas', async () => {
    const stores = await Promise.all([replica(), replica(), replica()]);
    const { plan } = await stores[0]!.createPlan(newPlan('v1'));
    const claims = await Promise.all(
      stores.flatMap((s) => [s.claimOnce('event:Ev1'), s.claimOnce('event:Ev1')]),
    );
    const leases = await Promise.all(stores.map((s, i) => s.acquireLease(plan.id, `replica-${i}`, 60_000)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(leases.filter(Boolean)).toHaveLength(1);
  });
});

describe('PostgreSQL faults', () => {
  it('retries a call whose connection is killed (pg_terminate_backend), losing nothing', async () => {
    const store = await replica({ poolSize: 2 });
    const { plan } = await store.createPlan(newPlan('v1'));
    await withAdmin(database.url, (c) =>
      c.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'release-planner'",
      ),
    );
    await store.setRootTs(plan.id, '1.000100');
    expect((await store.getPlan(plan.id))?.rootTs).toBe('1.000100');
  });

  it('rolls a plan transaction back when its connection is killed mid-way, then runs it again once', async () => {
    const store = await replica({ poolSize: 2 });
    const { plan } = await store.createPlan(newPlan('v1'));
    let runs = 0;
    await store.withPlanTransaction(plan.id, async (tx) => {
      runs += 1;
      await tx.recordDecision(decision(plan.id, 'U2'));
      if (runs === 1) {
        const pid = await pidOf(tx);
        await withAdmin(database.url, (c) => c.query('SELECT pg_terminate_backend($1)', [pid]));
      }
      await tx.appendAudit(sampleAuditEvent(plan.id, runs));
    });
    expect(runs).toBe(2);
    expect(await store.listDecisions(plan.id)).toHaveLength(1);
    expect(await store.listAudit()).toHaveLength(1);
  });

  it('waits for a free connection when the pool is exhausted, then says the database is unavailable', async () => {
    const store = await replica({
      poolSize: 1,
      connectionTimeoutMs: 200,
      retry: { forMs: 600, firstDelayMs: 50, maxDelayMs: 100 },
    });
    const { plan } = await store.createPlan(newPlan('v1'));
    let release = () => {};
    const holding = store.withPlanTransaction(plan.id, () => new Promise<void>((r) => (release = r)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(store.getPlan(plan.id)).rejects.toMatchObject({ code: 'database_unavailable' });
    release();
    await holding;
    expect(await store.getPlan(plan.id)).toMatchObject({ id: plan.id });
  });
});

describe('PostgreSQL stopped and started again', () => {
  it('pauses calls while the server is down and completes them when it is back', async () => {
    const server = await startPostgresServer();
    try {
      const store = await openPostgresStore(server.adminUrl, { poolSize: 2 });
      opened.push(store);
      const { plan } = await store.createPlan(newPlan('v1'));
      await server.pause();
      const during = store.setRootTs(plan.id, '2.000200');
      const audited = store.appendAudit(sampleAuditEvent(plan.id, 1));
      await expect(store.ping()).rejects.toThrow();
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      await server.start();
      await Promise.all([during, audited]);
      expect((await store.getPlan(plan.id))?.rootTs).toBe('2.000200');
      expect(verifyChain(await store.listAudit())).toEqual({ ok: true, count: 1 });
    } finally {
      await server.stop();
    }
  }, 30_000);
});

function decision(planId: string, userId: string): DecisionRecord {
  return {
    planId,
    itemKey: 'gating',
    version: 1,
    contentHash: 'a'.repeat(64),
    userId,
    role: 'release-manager',
    decision: 'approve',
    reason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
  };
}

/** The backend pid of the transaction's own connection (via a store call that runs on it). */
async function pidOf(tx: Store): Promise<number> {
  // A statement on the transaction's connection, so it is the one left "idle in transaction".
  await tx.ping();
  const rows = await withAdmin(database.url, (c) =>
    c.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND state = 'idle in transaction' AND application_name = 'release-planner'",
    ),
  );
  const pid = rows.rows[0]?.pid;
  if (pid === undefined) throw new Error('no idle-in-transaction connection found');
  return pid;
}
