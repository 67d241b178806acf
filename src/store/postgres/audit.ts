import { auditRowValues, linkEntry } from '../audit-chain.ts';
import { AuditEvent } from '../audit-events.ts';
import type { AuditEntry, Store } from '../port.ts';
import { AuditHeadRow, AuditRow, parseRow } from '../rows.ts';
import { type PgContext, type Queryable, timestamp } from './context.ts';

type AuditQueries = Pick<Store, 'appendAudit' | 'listAudit'>;

/** Any fixed number: every replica must take the same lock to append. */
const AUDIT_APPEND_LOCK = 72_410_002;

export function auditQueries(ctx: PgContext): AuditQueries {
  return {
    async appendAudit(input) {
      // Validated before the transaction: a malformed event never takes a place in the chain.
      const event = AuditEvent.parse(input);
      return ctx.transaction((tx) => appendLinked(tx, event, timestamp(ctx)));
    },

    async listAudit(filter = {}) {
      const { rows } =
        filter.planId === undefined
          ? await ctx.query('SELECT * FROM audit ORDER BY seq')
          : await ctx.query('SELECT * FROM audit WHERE plan_id = $1 ORDER BY seq', [filter.planId]);
      return rows.map((row) => parseRow(AuditRow, 'audit', 'seq', row));
    },
  };
}

/**
 * Appends after the head, holding a transaction-scoped advisory lock: replicas append one at a time,
 * and each reads the head the previous one committed (READ COMMITTED takes a new snapshot per
 * statement), so the chain cannot fork. prev_hash is UNIQUE as well: a fork could not even be stored.
 */
async function appendLinked(tx: Queryable, event: AuditEvent, createdAt: string): Promise<AuditEntry> {
  await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_APPEND_LOCK]);
  const headRow = (await tx.query('SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1')).rows[0];
  const head = headRow && parseRow(AuditHeadRow, 'audit', 'seq', headRow);
  const { entry: signed, dataJson } = linkEntry(head, event, createdAt);
  await tx.query(
    `INSERT INTO audit (seq, plan_id, kind, actor, data, created_at, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    auditRowValues(signed, dataJson),
  );
  return signed;
}
