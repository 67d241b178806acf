import type { Config } from '../config.ts';
import type { Store } from './port.ts';
import { openSqliteStore } from './sqlite.ts';
import { withStorageHealth } from './storage-health.ts';

export { isStoreUnavailable, StoreError, StoreRowError } from './errors.ts';
export type * from './port.ts';

export interface OpenStoreOptions {
  /** Where a PostgreSQL pool reports errors of idle connections. */
  onPoolError?: (error: Error) => void;
}

/** The store for the configured database, migrated and ready; a failure to write is named and seen by readiness. */
export async function openStore(
  database: Config['database'],
  options: OpenStoreOptions = {},
): Promise<Store> {
  return withStorageHealth(await openAdapter(database, options));
}

async function openAdapter(database: Config['database'], options: OpenStoreOptions): Promise<Store> {
  switch (database.kind) {
    case 'sqlite':
      return openSqliteStore(database.path);
    case 'postgres': {
      // pg and the PostgreSQL adapter are loaded only when configured (SQLite is node:sqlite).
      const { openPostgresStore } = await import('./postgres.ts');
      return openPostgresStore(database.url, {
        poolSize: database.poolSize,
        ...(options.onPoolError ? { onPoolError: options.onPoolError } : {}),
      });
    }
  }
}
