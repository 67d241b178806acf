import { randomUUID } from 'node:crypto';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';
import { canonicalJson } from '../lib/canonical-json.ts';
import type { PlanRecord } from '../plan/record.ts';
import { SECTION_KEYS } from '../plan/schema.ts';
import { GENESIS_HASH, hashEntry } from './audit-chain.ts';
import type { AuditEntry, Store } from './port.ts';
import { immediateTransaction, openDatabase, statementCache } from './sqlite/database.ts';
import { StoreError } from './sqlite/errors.ts';
import { migrate } from './sqlite/migrations.ts';
import {
  AuditHeadRow,
  AuditRow,
  DecisionRow,
  MessageRow,
  ModelCallRow,
  PlanRow,
  parseRow,
  type RawRow,
  SectionRow,
} from './sqlite/rows.ts';

export interface SqliteStoreOptions {
  now?: () => Date;
  newId?: () => string;
  /** How long a writer waits for another connection's lock before failing. */
  busyTimeoutMs?: number;
}

/** The default store: one SQLite file (or ':memory:') through node:sqlite. */
export function openSqliteStore(file: string, options: SqliteStoreOptions = {}): Store {
  const db = openDatabase(file, options.busyTimeoutMs ?? 5_000);
  try {
    migrate(db);
  } catch (error) {
    db.close();
    throw error;
  }
  return sqliteStore(db, options.now ?? (() => new Date()), options.newId ?? randomUUID);
}

// The port is async so that a networked adapter fits it; here every method runs synchronously.
function sqliteStore(db: DatabaseSync, now: () => Date, newId: () => string): Store {
  const sql = statementCache(db);
  const timestamp = () => now().toISOString();
  const plan = (where: string, ...params: SQLInputValue[]) =>
    readPlan(sql(`SELECT * FROM plans WHERE ${where}`), params);
  const updatePlan = (id: string, assignments: string, ...params: SQLInputValue[]) => {
    const { changes } = sql(`UPDATE plans SET ${assignments}, updated_at = ? WHERE id = ?`).run(
      ...params,
      timestamp(),
      id,
    );
    if (Number(changes) === 0) throw new StoreError('plan_not_found', `no plan with id ${id}`);
  };

  return {
    async createPlan(input) {
      const createdAt = timestamp();
      const { changes } = sql(
        `INSERT INTO plans (id, submission_key, team_id, channel_id, requester_id, request, status, version,
           root_ts, failure, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, 'drafting', 1, NULL, NULL, ?, ?)
         ON CONFLICT (submission_key) DO NOTHING`,
      ).run(
        newId(),
        input.submissionKey,
        input.teamId,
        input.channelId,
        input.requesterId,
        jsonColumn(input.request),
        createdAt,
        createdAt,
      );
      const stored = plan('submission_key = ?', input.submissionKey);
      if (!stored)
        throw new StoreError('plan_not_found', `plan for submission ${input.submissionKey} vanished`);
      return { plan: stored, created: Number(changes) === 1 };
    },

    async getPlan(id) {
      return plan('id = ?', id);
    },

    async findPlanByRootTs(channelId, rootTs) {
      return plan('channel_id = ? AND root_ts = ?', channelId, rootTs);
    },

    async setRootTs(id, ts) {
      updatePlan(id, 'root_ts = ?', ts);
    },

    async setStatus(id, status, failure = null) {
      updatePlan(id, 'status = ?, failure = ?', status, failure === null ? null : jsonColumn(failure));
    },

    async setVersion(id, version) {
      updatePlan(id, 'version = ?', version);
    },

    async saveSection(section) {
      sql(
        `INSERT INTO sections (plan_id, version, key, content, hash) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (plan_id, version, key) DO UPDATE SET content = excluded.content, hash = excluded.hash`,
      ).run(section.planId, section.version, section.key, jsonColumn(section.content), section.hash);
    },

    async listSections(planId, version) {
      const rows = sql('SELECT * FROM sections WHERE plan_id = ? AND version = ?').all(planId, version);
      return rows
        .map((row) => parseRow(SectionRow, 'sections', 'key', row))
        .sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
    },

    async recordMessage(message) {
      sql(
        `INSERT INTO messages (plan_id, item_key, part, ts) VALUES (?, ?, ?, ?)
         ON CONFLICT (plan_id, item_key, part) DO NOTHING`,
      ).run(message.planId, message.itemKey, message.part, message.ts);
    },

    async listMessages(planId) {
      // rowid order is the order the messages were posted in.
      const rows = sql('SELECT * FROM messages WHERE plan_id = ? ORDER BY rowid').all(planId);
      return rows.map((row) => parseRow(MessageRow, 'messages', 'item_key', row));
    },

    async deleteMessagesFrom(planId, itemKey, fromPart) {
      sql('DELETE FROM messages WHERE plan_id = ? AND item_key = ? AND part >= ?').run(
        planId,
        itemKey,
        fromPart,
      );
    },

    async recordDecision(decision) {
      const { changes } = sql(
        `INSERT INTO decisions (plan_id, item_key, version, content_hash, user_id, role, decision, reason, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (plan_id, item_key, content_hash, version, user_id) DO NOTHING`,
      ).run(
        decision.planId,
        decision.itemKey,
        decision.version,
        decision.contentHash,
        decision.userId,
        decision.role,
        decision.decision,
        decision.reason,
        decision.createdAt,
      );
      return Number(changes) === 1;
    },

    async listDecisions(planId) {
      const rows = sql('SELECT * FROM decisions WHERE plan_id = ? ORDER BY id').all(planId);
      return rows.map((row) => parseRow(DecisionRow, 'decisions', 'id', row));
    },

    async appendAudit(entry) {
      return immediateTransaction(db, () => appendLinked(sql, { ...entry, createdAt: timestamp() }));
    },

    async listAudit(filter = {}) {
      const rows =
        filter.planId === undefined
          ? sql('SELECT * FROM audit ORDER BY seq').all()
          : sql('SELECT * FROM audit WHERE plan_id = ? ORDER BY seq').all(filter.planId);
      return rows.map((row) => parseRow(AuditRow, 'audit', 'seq', row));
    },

    async recordModelCall(call) {
      sql(
        `INSERT INTO model_calls (plan_id, purpose, provider, model, input_tokens, output_tokens,
           cached_input_tokens, latency_ms, outcome, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        call.planId,
        call.purpose,
        call.provider,
        call.model,
        call.usage.inputTokens,
        call.usage.outputTokens,
        call.usage.cachedInputTokens,
        Math.round(call.latencyMs),
        call.outcome,
        call.createdAt,
      );
    },

    async listModelCalls(planId) {
      const rows = sql('SELECT * FROM model_calls WHERE plan_id = ? ORDER BY id').all(planId);
      return rows.map((row) => parseRow(ModelCallRow, 'model_calls', 'id', row));
    },

    async acquireLease(planId, owner, ttlMs) {
      const at = now().getTime();
      const { changes } = sql(
        `INSERT INTO generation_leases (plan_id, owner, expires_at) VALUES (?, ?, ?)
         ON CONFLICT (plan_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE generation_leases.owner = excluded.owner OR generation_leases.expires_at < ?`,
      ).run(planId, owner, at + ttlMs, at);
      return Number(changes) === 1;
    },

    async releaseLease(planId, owner) {
      sql('DELETE FROM generation_leases WHERE plan_id = ? AND owner = ?').run(planId, owner);
    },

    async listOrphanedDrafts(quietMs) {
      const at = now().getTime();
      const rows = sql(
        `SELECT p.id FROM plans p LEFT JOIN generation_leases l ON l.plan_id = p.id
         WHERE p.status = 'drafting' AND (l.plan_id IS NULL OR l.expires_at < ?) AND p.updated_at < ?
         ORDER BY p.created_at`,
      ).all(at, new Date(at - quietMs).toISOString());
      return rows.flatMap((row) => {
        const found = plan('id = ?', String(row.id));
        return found ? [found] : [];
      });
    },

    async claimOnce(key) {
      const { changes } = sql(
        'INSERT INTO claims (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING',
      ).run(key, timestamp());
      return Number(changes) === 1;
    },

    async close() {
      if (db.isOpen) db.close();
    },
  };
}

function readPlan(statement: StatementSync, params: SQLInputValue[]): PlanRecord | undefined {
  const row = statement.get(...params);
  return row && parseRow(PlanRow, 'plans', 'id', row);
}

/** Must run inside a write transaction: reading the head and inserting after it is one step. */
function appendLinked(
  sql: (text: string) => StatementSync,
  entry: { planId: string | null; kind: string; actor: string | null; data: unknown; createdAt: string },
): AuditEntry {
  const headRow: RawRow | undefined = sql('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get();
  const head = headRow && parseRow(AuditHeadRow, 'audit', 'seq', headRow);
  const dataJson = jsonColumn(entry.data ?? null);
  const unsigned = {
    seq: (head?.seq ?? 0) + 1,
    planId: entry.planId,
    kind: entry.kind,
    actor: entry.actor,
    // Hash what is stored and will be read back, not the caller's object (Dates, undefined fields…).
    data: JSON.parse(dataJson) as unknown,
    createdAt: entry.createdAt,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  const signed: AuditEntry = { ...unsigned, hash: hashEntry(unsigned) };
  sql(
    `INSERT INTO audit (seq, plan_id, kind, actor, data, created_at, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    signed.seq,
    signed.planId,
    signed.kind,
    signed.actor,
    dataJson,
    signed.createdAt,
    signed.prevHash,
    signed.hash,
  );
  return signed;
}

function jsonColumn(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    throw new StoreError('value_not_json', `cannot store a value that is not JSON: ${String(error)}`, {
      cause: error,
    });
  }
}
