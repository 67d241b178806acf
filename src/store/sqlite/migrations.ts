import type { DatabaseSync } from 'node:sqlite';
import { z } from 'zod';
import { immediateTransaction } from './database.ts';
import { StoreError } from './errors.ts';

/** Ordered and append-only: never edit a released migration, add the next one. */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE plans (
    id TEXT PRIMARY KEY,
    submission_key TEXT NOT NULL UNIQUE,
    team_id TEXT NOT NULL,
    channel_id TEXT NOT NULL,
    requester_id TEXT NOT NULL,
    request TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('drafting', 'ready', 'failed')),
    version INTEGER NOT NULL,
    root_ts TEXT,
    failure TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX plans_by_root_ts ON plans (channel_id, root_ts);

  CREATE TABLE sections (
    plan_id TEXT NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    content TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (plan_id, version, key)
  ) STRICT;

  CREATE TABLE messages (
    plan_id TEXT NOT NULL REFERENCES plans (id),
    item_key TEXT NOT NULL,
    part INTEGER NOT NULL,
    ts TEXT NOT NULL,
    PRIMARY KEY (plan_id, item_key, part)
  ) STRICT;

  CREATE TABLE decisions (
    id INTEGER PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    item_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes')),
    reason TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (plan_id, item_key, content_hash, user_id)
  ) STRICT;

  CREATE TABLE model_calls (
    id INTEGER PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    purpose TEXT NOT NULL CHECK (purpose IN ('plan', 'revision', 'repair')),
    provider TEXT NOT NULL,
    model TEXT NOT NULL,
    input_tokens INTEGER NOT NULL,
    output_tokens INTEGER NOT NULL,
    cached_input_tokens INTEGER NOT NULL,
    latency_ms INTEGER NOT NULL,
    outcome TEXT NOT NULL,
    created_at TEXT NOT NULL
  ) STRICT;
  CREATE INDEX model_calls_by_plan ON model_calls (plan_id);

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
  ) STRICT;

  -- No foreign key on plan_id: recording must never fail, even for an event about no stored plan.
  CREATE TABLE audit (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id TEXT,
    kind TEXT NOT NULL,
    actor TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL UNIQUE
  ) STRICT;
  CREATE INDEX audit_by_plan ON audit (plan_id, seq);
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
    BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END;
  `,
];

const VersionRow = z.object({ version: z.number().int().nonnegative() });

export function schemaVersion(db: DatabaseSync): number {
  return VersionRow.parse(db.prepare('SELECT coalesce(max(version), 0) AS version FROM schema_version').get())
    .version;
}

/**
 * Applies the pending migrations in one write transaction, so two processes opening the same
 * file at once cannot both apply one. Returns the resulting schema version.
 */
export function migrate(
  db: DatabaseSync,
  migrations: readonly string[] = MIGRATIONS,
  now = new Date(),
): number {
  db.exec(
    'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
  );
  return immediateTransaction(db, () => {
    const current = schemaVersion(db);
    if (current > migrations.length) {
      throw new StoreError(
        'schema_too_new',
        `the database is at schema version ${current}, newer than this build knows (${migrations.length}): upgrade Release Planner`,
      );
    }
    const record = db.prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)');
    migrations.slice(current).forEach((sql, index) => {
      db.exec(sql);
      record.run(current + index + 1, now.toISOString());
    });
    return migrations.length;
  });
}
