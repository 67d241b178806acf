import type { Config } from '../config.ts';
import type { Store } from './port.ts';
import { openSqliteStore } from './sqlite.ts';

export { StoreError, StoreRowError } from './errors.ts';
export type * from './port.ts';

/** The store for the configured database; a PostgreSQL adapter joins here as another kind. */
export function openStore(database: Config['database']): Store {
  switch (database.kind) {
    case 'sqlite':
      return openSqliteStore(database.path);
  }
}
