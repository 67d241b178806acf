import { randomUUID } from 'node:crypto';
import pg from 'pg';
import type { Store, StoreStats } from './port.ts';
import { auditQueries } from './postgres/audit.ts';
import { inTransaction, type PgContext, type Queryable, typeParsers } from './postgres/context.ts';
import { decisionQueries } from './postgres/decisions.ts';
import { feedbackQueries } from './postgres/feedback.ts';
import { leaseQueries } from './postgres/leases.ts';
import { migratePostgres, schemaVersionOn } from './postgres/migrations.ts';
import { planQueries, rootQueries } from './postgres/plans.ts';
import { sectionQueries } from './postgres/sections.ts';
import { timeoutQueries } from './postgres/timeouts.ts';
import { DEFAULT_RETRY, type RetryBudget, retryTransient } from './postgres/transient.ts';

export interface PostgresStoreOptions {
  poolSize?: number;
  now?: () => Date;
  newId?: () => string;
  /** How long one store call keeps retrying while the database is unreachable. */
  retry?: RetryBudget;
  /** How long a call waits for a free connection of the pool. */
  connectionTimeoutMs?: number;
  /** A statement running longer is cancelled by the server. */
  statementTimeoutMs?: number;
  /** Errors of idle connections (the server restarted…): reported, never thrown. */
  onPoolError?: (error: Error) => void;
}

type Clock = Pick<PgContext, 'now' | 'newId'>;

/**
 * The store for several replicas: a pool of connections to one PostgreSQL, migrated at start-up
 * under an advisory lock. Every call is retried while the database is unreachable (a restart or
 * fail-over pauses work instead of failing it); withPlanTransaction is one transaction that holds
 * the plan's row and advisory locks, so replicas decide one at a time.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const max = options.poolSize ?? 10;
  const pool = new pg.Pool({
    connectionString: url,
    max,
    types: typeParsers,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 10_000,
    idleTimeoutMillis: 30_000,
    statement_timeout: options.statementTimeoutMs ?? 30_000,
    application_name: 'release-planner',
  });
  // Without a listener, an idle connection's error (server restart) would crash the process.
  pool.on('error', options.onPoolError ?? (() => {}));
  const retry = options.retry ?? DEFAULT_RETRY;
  try {
    await retryTransient(() => migratePostgres(pool), retry);
  } catch (error) {
    await pool.end();
    throw error;
  }
  const clock: Clock = { now: options.now ?? (() => new Date()), newId: options.newId ?? randomUUID };
  const poolContext: PgContext = {
    ...clock,
    query: (text, params) => pool.query(text, params as unknown[]),
    transaction: (work) => inTransaction(pool, work),
  };
  let closed = false;
  const store: Store = {
    ...retrying(queriesOn(poolContext), retry),
    withPlanTransaction: (planId, work) =>
      retryTransient(
        () =>
          inTransaction(pool, async (tx) => {
            await lockPlan(tx, planId);
            return work(transactionStore(tx, clock));
          }),
        retry,
      ),
    ping: async () => {
      // A write, not a read: a full disk still answers reads.
      await pool.query(
        `INSERT INTO claims (key, created_at) VALUES ('health:heartbeat', $1)
         ON CONFLICT (key) DO UPDATE SET created_at = excluded.created_at`,
        [clock.now().toISOString()],
      );
    },
    stats: () => poolStats(pool, max),
    async close() {
      if (closed) return;
      closed = true;
      await pool.end();
    },
  };
  return store;
}

type Queries = Omit<Store, 'withPlanTransaction' | 'ping' | 'stats' | 'close'>;

function queriesOn(ctx: PgContext): Queries {
  return {
    ...planQueries(ctx),
    ...rootQueries(ctx),
    ...sectionQueries(ctx),
    ...decisionQueries(ctx),
    ...auditQueries(ctx),
    ...feedbackQueries(ctx),
    ...leaseQueries(ctx),
    ...timeoutQueries(ctx),
  };
}

/** Each call retried on its own: every one is a single statement or its own transaction. */
function retrying(queries: Queries, budget: RetryBudget): Queries {
  const wrapped: Record<string, unknown> = {};
  for (const [name, call] of Object.entries(queries) as [
    string,
    (...args: unknown[]) => Promise<unknown>,
  ][]) {
    wrapped[name] = (...args: unknown[]) => retryTransient(() => call(...args), budget);
  }
  return wrapped as unknown as Queries;
}

/**
 * The advisory lock serialises work on the plan even before its row exists; the row lock makes a
 * concurrent version change (UPDATE plans) wait for this transaction, so a decision is checked
 * against the version that is current when it commits.
 */
async function lockPlan(tx: Queryable, planId: string): Promise<void> {
  await tx.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [`plan:${planId}`]);
  await tx.query('SELECT 1 FROM plans WHERE id = $1 FOR NO KEY UPDATE', [planId]);
}

/** The store inside withPlanTransaction: every call on the transaction's connection, none retried. */
function transactionStore(tx: Queryable, clock: Clock): Store {
  const ctx: PgContext = {
    ...clock,
    query: (text, params) => tx.query(text, params as unknown[]),
    transaction: (work) => work(tx),
  };
  const store: Store = {
    ...queriesOn(ctx),
    withPlanTransaction: async (planId, work) => {
      await lockPlan(tx, planId);
      return work(store);
    },
    ping: async () => {
      await tx.query('SELECT 1');
    },
    stats: () => ({ kind: 'postgres', total: 1, idle: 0, waiting: 0, max: 1 }),
    close: async () => {},
  };
  return store;
}

function poolStats(pool: pg.Pool, max: number): StoreStats {
  return { kind: 'postgres', total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount, max };
}

/** The schema version of a database without migrating it: 0 when Release Planner never ran there. */
export async function postgresSchemaVersion(url: string): Promise<number> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const exists = await client.query("SELECT to_regclass('schema_version') IS NOT NULL AS present");
    return exists.rows[0]?.present ? await schemaVersionOn(client) : 0;
  } finally {
    await client.end();
  }
}
