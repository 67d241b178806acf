import type pg from 'pg';
import { StoreError } from '../errors.ts';

/**
 * The SQLite migrations in PostgreSQL's dialect, one for one (same count, same tables), so a
 * schema version means the same thing on both. Ordered and append-only: add the next one.
 * Timestamps are ISO-8601 text and JSON is canonical text, as on SQLite, so one set of row
 * parsers reads both and the audit hash covers exactly what is stored.
 */
export const PG_MIGRATIONS: readonly string[] = [
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
  );
  CREATE INDEX plans_by_root_ts ON plans (channel_id, root_ts);
  CREATE INDEX plans_drafting ON plans (created_at) WHERE status = 'drafting';

  CREATE TABLE sections (
    plan_id TEXT NOT NULL REFERENCES plans (id),
    version INTEGER NOT NULL,
    key TEXT NOT NULL,
    content TEXT NOT NULL,
    hash TEXT NOT NULL,
    PRIMARY KEY (plan_id, version, key)
  );

  -- seq keeps posting order (SQLite's rowid).
  CREATE TABLE messages (
    seq BIGSERIAL UNIQUE,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    item_key TEXT NOT NULL,
    part INTEGER NOT NULL,
    ts TEXT NOT NULL,
    PRIMARY KEY (plan_id, item_key, part)
  );

  CREATE TABLE decisions (
    id BIGSERIAL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    item_key TEXT NOT NULL,
    version INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    user_id TEXT NOT NULL,
    role TEXT NOT NULL,
    decision TEXT NOT NULL CHECK (decision IN ('approve', 'request_changes')),
    reason TEXT,
    created_at TEXT NOT NULL,
    UNIQUE (plan_id, item_key, content_hash, version, user_id)
  );
  CREATE INDEX decisions_by_plan ON decisions (plan_id, id);

  CREATE TABLE model_calls (
    id BIGSERIAL PRIMARY KEY,
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
  );
  CREATE INDEX model_calls_by_plan ON model_calls (plan_id, id);

  CREATE TABLE claims (
    key TEXT PRIMARY KEY,
    created_at TEXT NOT NULL
  );

  -- No foreign key on plan_id: recording must never fail, even for an event about no stored plan.
  CREATE TABLE audit (
    seq BIGINT PRIMARY KEY,
    plan_id TEXT,
    kind TEXT NOT NULL,
    actor TEXT,
    data TEXT NOT NULL,
    created_at TEXT NOT NULL,
    prev_hash TEXT NOT NULL UNIQUE,
    hash TEXT NOT NULL UNIQUE
  );
  CREATE INDEX audit_by_plan ON audit (plan_id, seq);
  CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN RAISE EXCEPTION 'audit log is append-only'; END;
  $$;
  CREATE TRIGGER audit_no_update BEFORE UPDATE OR DELETE ON audit
    FOR EACH ROW EXECUTE FUNCTION audit_append_only();
  CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
    FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only();
  `,
  `
  CREATE TABLE generation_leases (
    plan_id TEXT PRIMARY KEY REFERENCES plans (id),
    owner TEXT NOT NULL,
    expires_at BIGINT NOT NULL
  );
  `,
  // Same tables and the same back-fill from the audit log as SQLite's third migration.
  `
  CREATE TABLE guard_notes (
    plan_id TEXT NOT NULL REFERENCES plans (id),
    section_key TEXT NOT NULL,
    hash TEXT NOT NULL,
    notes TEXT NOT NULL,
    PRIMARY KEY (plan_id, section_key, hash)
  );

  CREATE TABLE feedback (
    seq BIGSERIAL PRIMARY KEY,
    plan_id TEXT NOT NULL REFERENCES plans (id),
    id TEXT NOT NULL,
    user_id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('thread_reply', 'request_changes')),
    text TEXT NOT NULL,
    original_chars INTEGER NOT NULL,
    redactions INTEGER NOT NULL,
    received_at TEXT NOT NULL,
    outcome TEXT CHECK (outcome IN ('revised', 'unchanged', 'failed', 'not_applied')),
    answered_at TEXT,
    UNIQUE (plan_id, id)
  );
  CREATE INDEX feedback_unanswered ON feedback (plan_id, seq) WHERE outcome IS NULL;

  INSERT INTO guard_notes (plan_id, section_key, hash, notes)
    SELECT plan_id, data::jsonb ->> 'key', data::jsonb ->> 'hash', (data::jsonb -> 'notes')::text
    FROM audit
    WHERE kind = 'section.guarded' AND plan_id IN (SELECT id FROM plans)
      AND jsonb_typeof(data::jsonb -> 'key') = 'string' AND jsonb_typeof(data::jsonb -> 'hash') = 'string'
      AND jsonb_typeof(data::jsonb -> 'notes') = 'array'
    ORDER BY seq
    ON CONFLICT DO NOTHING;

  INSERT INTO feedback (plan_id, id, user_id, source, text, original_chars, redactions, received_at)
    SELECT plan_id, d ->> 'id', d ->> 'userId', d ->> 'source', d ->> 'text',
      (d ->> 'originalChars')::integer, (d ->> 'redactions')::integer, created_at
    FROM (SELECT seq, plan_id, created_at, data::jsonb AS d FROM audit WHERE kind = 'revision.feedback') a
    WHERE plan_id IN (SELECT id FROM plans)
      AND jsonb_typeof(d -> 'id') = 'string' AND jsonb_typeof(d -> 'userId') = 'string'
      AND d ->> 'source' IN ('thread_reply', 'request_changes')
      AND jsonb_typeof(d -> 'text') = 'string' AND (d ->> 'originalChars') ~ '^[0-9]+$'
      AND (d ->> 'redactions') ~ '^[0-9]+$'
    ORDER BY seq
    ON CONFLICT DO NOTHING;

  UPDATE feedback f SET outcome = latest.outcome, answered_at = latest.created_at
  FROM (
    SELECT DISTINCT ON (a.plan_id, fid) a.plan_id, fid, a.created_at,
      CASE a.kind WHEN 'plan.version' THEN 'revised' WHEN 'revision.unchanged' THEN 'unchanged'
        ELSE 'failed' END AS outcome
    FROM audit a,
      LATERAL coalesce(a.data::jsonb #>> '{revision,feedbackId}', a.data::jsonb ->> 'feedbackId') AS fid
    WHERE a.kind IN ('plan.version', 'revision.unchanged', 'revision.failed') AND fid IS NOT NULL
    ORDER BY a.plan_id, fid, a.seq DESC
  ) latest
  WHERE latest.plan_id = f.plan_id AND latest.fid = f.id;
  `,
  `
  ALTER TABLE plans ADD COLUMN root_stale INTEGER NOT NULL DEFAULT 0 CHECK (root_stale IN (0, 1));
  CREATE INDEX plans_root_stale ON plans (updated_at) WHERE root_stale = 1;
  `,
  // A second model's review of the gating rules is a model call too.
  `
  ALTER TABLE model_calls DROP CONSTRAINT model_calls_purpose_check;
  ALTER TABLE model_calls ADD CONSTRAINT model_calls_purpose_check
    CHECK (purpose IN ('plan', 'revision', 'repair', 'review'));
  `,
  // Approval timeouts, as SQLite's sixth migration.
  `
  ALTER TABLE plans ADD COLUMN expired_at TEXT;
  CREATE TABLE plan_timeouts (
    plan_id TEXT PRIMARY KEY REFERENCES plans (id),
    state TEXT NOT NULL,
    due_at BIGINT,
    lease_owner TEXT,
    lease_until BIGINT NOT NULL DEFAULT 0
  );
  CREATE INDEX plan_timeouts_due ON plan_timeouts (due_at) WHERE due_at IS NOT NULL;
  `,
];

/** Any fixed number: every replica must use the same one. */
const MIGRATION_LOCK = 72_410_001;

/**
 * Applies pending migrations holding a session advisory lock, so replicas starting together apply
 * each one once; each migration commits with its version row. Refuses a schema newer than this
 * build. Returns the schema version.
 */
export async function migratePostgres(
  pool: pg.Pool,
  migrations: readonly string[] = PG_MIGRATIONS,
  now = new Date(),
): Promise<number> {
  const client = await pool.connect();
  const onError = () => {};
  client.on('error', onError);
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      await client.query(
        'CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
      );
      const current = await schemaVersionOn(client);
      if (current > migrations.length) {
        throw new StoreError(
          'schema_too_new',
          `the database is at schema version ${current}, newer than this build knows (${migrations.length}): upgrade Release Planner`,
        );
      }
      for (const [index, sql] of migrations.entries()) {
        if (index < current) continue;
        await applyOne(client, sql, index + 1, now);
      }
      return migrations.length;
    } finally {
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    client.off('error', onError);
    client.release(true);
  }
}

async function applyOne(client: pg.PoolClient, sql: string, version: number, now: Date): Promise<void> {
  await client.query('BEGIN');
  try {
    await client.query(sql);
    await client.query('INSERT INTO schema_version (version, applied_at) VALUES ($1, $2)', [
      version,
      now.toISOString(),
    ]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  }
}

export async function schemaVersionOn(client: Pick<pg.PoolClient, 'query'>): Promise<number> {
  const result = await client.query<{ version: number }>(
    'SELECT coalesce(max(version), 0)::integer AS version FROM schema_version',
  );
  return result.rows[0]?.version ?? 0;
}
