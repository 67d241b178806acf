import type { StatementSync } from 'node:sqlite';
import { auditRowValues, linkEntry } from '../audit-chain.ts';
import { AuditEvent } from '../audit-events.ts';
import type { AuditEntry, Store } from '../port.ts';
import { AuditHeadRow, AuditRow, parseRow, type RawRow } from '../rows.ts';
import { type SqliteContext, timestamp } from './context.ts';
import { immediateTransaction } from './database.ts';

type AuditQueries = Pick<Store, 'appendAudit' | 'listAudit'>;

export function auditQueries(ctx: SqliteContext): AuditQueries {
  const { sql } = ctx;
  return {
    async appendAudit(input) {
      // Validated before the write transaction: a malformed event never takes a place in the chain.
      const event = AuditEvent.parse(input);
      return immediateTransaction(ctx.db, () => appendLinked(sql, event, timestamp(ctx)));
    },

    async listAudit(filter = {}) {
      const rows =
        filter.planId === undefined
          ? sql('SELECT * FROM audit ORDER BY seq').all()
          : sql('SELECT * FROM audit WHERE plan_id = ? ORDER BY seq').all(filter.planId);
      return rows.map((row) => parseRow(AuditRow, 'audit', 'seq', row));
    },
  };
}

/** Must run inside a write transaction: reading the head and inserting after it is one step. */
function appendLinked(
  sql: (text: string) => StatementSync,
  event: AuditEvent,
  createdAt: string,
): AuditEntry {
  const headRow: RawRow | undefined = sql('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1').get();
  const head = headRow && parseRow(AuditHeadRow, 'audit', 'seq', headRow);
  const { entry: signed, dataJson } = linkEntry(head, event, createdAt);
  sql(
    `INSERT INTO audit (seq, plan_id, kind, actor, data, created_at, prev_hash, hash)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(...auditRowValues(signed, dataJson));
  return signed;
}
