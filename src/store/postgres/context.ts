import pg from 'pg';

/** A pool or one checked-out client: what a query runs on. */
export type Queryable = Pick<pg.Pool, 'query'> | Pick<pg.PoolClient, 'query'>;

/** What each table's queries share: where to run them, how to run a transaction, the clock. */
export interface PgContext {
  query(text: string, params?: readonly unknown[]): Promise<pg.QueryResult<Record<string, unknown>>>;
  /** Runs work in one transaction (or in the current one, inside withPlanTransaction). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  now: () => Date;
  newId: () => string;
}

export function timestamp(ctx: Pick<PgContext, 'now'>): string {
  return ctx.now().toISOString();
}

export function changed(result: pg.QueryResult): boolean {
  return result.rowCount === 1;
}

/** int8 (bigserial seqs, epoch milliseconds) as numbers: every one we store fits in 2^53. */
export const typeParsers = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === pg.types.builtins.INT8) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

/** BEGIN … COMMIT on one client of the pool; ROLLBACK (and the error) when work throws. */
export async function inTransaction<T>(pool: pg.Pool, work: (tx: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  // A checked-out client reports a dropped connection as an 'error' event; unheard, it would crash
  // the process. The failing query rejects as well, which is what the caller handles.
  let broken = false;
  const onError = () => {
    broken = true;
  };
  client.on('error', onError);
  try {
    await client.query('BEGIN');
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!broken) broken = await rollback(client);
    throw error;
  } finally {
    client.off('error', onError);
    // A client whose connection failed must not go back into the pool.
    client.release(broken);
  }
}

/** True when the rollback itself failed: the connection is gone. */
async function rollback(client: pg.PoolClient): Promise<boolean> {
  try {
    await client.query('ROLLBACK');
    return false;
  } catch {
    return true;
  }
}
