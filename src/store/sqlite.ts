import { randomUUID } from 'node:crypto';
import { KeyedSerial } from '../lib/serial.ts';
import type { Store } from './port.ts';
import { auditQueries } from './sqlite/audit.ts';
import { claimBatch } from './sqlite/claim-batch.ts';
import type { SqliteContext } from './sqlite/context.ts';
import { openDatabase, statementCache } from './sqlite/database.ts';
import { decisionQueries } from './sqlite/decisions.ts';
import { feedbackQueries } from './sqlite/feedback.ts';
import { leaseQueries } from './sqlite/leases.ts';
import { messageQueries } from './sqlite/messages.ts';
import { migrate } from './sqlite/migrations.ts';
import { modelCallQueries } from './sqlite/model-calls.ts';
import { planQueries, recentPlanQueries } from './sqlite/plans.ts';
import { sectionQueries } from './sqlite/sections.ts';
import { timeoutQueries } from './sqlite/timeouts.ts';

const HEARTBEAT = `INSERT INTO claims (key, created_at) VALUES ('health:heartbeat', ?)
  ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at`;

export interface SqliteStoreOptions {
  now?: () => Date;
  newId?: () => string;
  /** How long a writer waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
}

/**
 * The default store: one SQLite file (or ':memory:') through node:sqlite, one module per table.
 * The port is async so that a networked adapter fits it; here every method runs synchronously.
 */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(file, options.busyTimeoutMs ?? 5_000);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  const ctx: SqliteContext = {
    db,
    sql: statementCache(db),
    now: options.now ?? (() => new Date()),
    newId: options.newId ?? randomUUID,
  };
  // One connection in one process: the plan's lock is a queue per plan in this process. Several
  // processes on one SQLite file share leases and claims, but decisions need PostgreSQL.
  const planLocks = new KeyedSerial();
  const claims = claimBatch(ctx);
  const store: Store = {
    ...planQueries(ctx),
    ...recentPlanQueries(ctx),
    ...sectionQueries(ctx),
    ...messageQueries(ctx),
    ...decisionQueries(ctx),
    ...auditQueries(ctx),
    ...feedbackQueries(ctx),
    ...modelCallQueries(ctx),
    ...leaseQueries(ctx, claims),
    ...timeoutQueries(ctx),
    withPlanTransaction: (planId, work) => planLocks.run(planId, () => work(store)),
    async ping() {
      // A write, not a read: a full disk still answers reads.
      ctx.sql(HEARTBEAT).run(ctx.now().toISOString());
    },
    stats: () => ({ kind: 'sqlite', total: db.isOpen ? 1 : 0, idle: 0, waiting: 0, max: 1 }),
    async close() {
      if (!db.isOpen) return;
      claims.flush();
      db.close();
    },
  };
  return store;
}
