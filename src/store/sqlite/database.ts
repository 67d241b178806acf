import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { DatabaseSync, type StatementSync } from 'node:sqlite';

export const MEMORY = ':memory:';

/** Opens (creating the parent directory of a file) with WAL, a busy timeout and foreign keys. */
export function openDatabase(file: string, busyTimeoutMs: number): DatabaseSync {
  if (file !== MEMORY) mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const db = new DatabaseSync(file, { timeout: busyTimeoutMs, enableForeignKeyConstraints: true });
  // WAL lets readers run while one writer appends; NORMAL sync is durable enough under WAL.
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;');
  return db;
}

/**
 * Runs `work` holding the write lock from the start: a deferred transaction that reads and then
 * writes can fail with SQLITE_BUSY at once, while BEGIN IMMEDIATE waits out the busy timeout.
 */
export function immediateTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    if (db.isTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Prepares each SQL text once per connection. */
export function statementCache(db: DatabaseSync): (sql: string) => StatementSync {
  const cache = new Map<string, StatementSync>();
  return (sql) => {
    let statement = cache.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      cache.set(sql, statement);
    }
    return statement;
  };
}
