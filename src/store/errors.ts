import { AppError } from '../errors.ts';

export type StoreErrorCode =
  | 'plan_not_found'
  | 'row_invalid'
  | 'schema_too_new'
  | 'value_not_json'
  /** The database could not be reached (or kept dropping the connection) within the retry budget. */
  | 'database_unavailable'
  /** The database refused to write: disk full, I/O error, read-only. */
  | 'storage_failed';

export class StoreError extends AppError {
  declare readonly code: StoreErrorCode;
  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** A row that does not parse: the database was edited by hand, or by a newer or broken build. */
export class StoreRowError extends StoreError {
  readonly table: string;
  /** The row's key (audit: its seq), when the row has a readable one. */
  readonly key: string | number | null;
  constructor(table: string, key: string | number | null, detail: string) {
    super('row_invalid', `${table} row ${key ?? '(no key)'} is invalid: ${detail}`);
    this.table = table;
    this.key = key;
  }
}

/** Nothing can be saved right now: say so to the person, and try again later. */
export function isStoreUnavailable(err: unknown): err is StoreError {
  return err instanceof StoreError && (err.code === 'database_unavailable' || err.code === 'storage_failed');
}
