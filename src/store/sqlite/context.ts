import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/** What each table's queries share: the connection, its statement cache and the clock. */
export interface SqliteContext {
  db: DatabaseSync;
  sql: (text: string) => StatementSync;
  now: () => Date;
  newId: () => string;
}

export function timestamp(ctx: SqliteContext): string {
  return ctx.now().toISOString();
}

/** Runs an INSERT … ON CONFLICT DO NOTHING (or an UPDATE) and says whether it changed a row. */
export function changedRow(statement: StatementSync, ...params: SQLInputValue[]): boolean {
  return Number(statement.run(...params).changes) === 1;
}
