import type { Store } from '../port.ts';
import { ClaimRow, parseRow } from '../rows.ts';
import type { ClaimBatch } from './claim-batch.ts';
import { changedRow, type SqliteContext } from './context.ts';
import { immediateTransaction } from './database.ts';

type LeaseQueries = Pick<
  Store,
  'acquireLease' | 'releaseLease' | 'claimOnce' | 'listClaimsAfter' | 'forgetClaims'
>;

/** Generation leases and one-time claims: how work and deliveries are taken exactly once. */
export function leaseQueries(ctx: SqliteContext, claims: ClaimBatch): LeaseQueries {
  const { sql } = ctx;
  return {
    async acquireLease(planId, owner, ttlMs) {
      const at = ctx.now().getTime();
      return changedRow(
        sql(
          `INSERT INTO generation_leases (plan_id, owner, expires_at) VALUES (?, ?, ?)
           ON CONFLICT (plan_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
           WHERE generation_leases.owner = excluded.owner OR generation_leases.expires_at < ?`,
        ),
        planId,
        owner,
        at + ttlMs,
        at,
      );
    },

    async releaseLease(planId, owner) {
      sql('DELETE FROM generation_leases WHERE plan_id = ? AND owner = ?').run(planId, owner);
    },

    claimOnce: (key) => claims.claim(key),

    async listClaimsAfter(after, limit) {
      const rows = sql('SELECT key, created_at FROM claims WHERE key > ? ORDER BY key LIMIT ?').all(
        after,
        limit,
      );
      return rows.map((row) => parseRow(ClaimRow, 'claims', 'key', row));
    },

    async forgetClaims(keys, before) {
      const forget = sql('DELETE FROM claims WHERE key = ? AND created_at < ?');
      return immediateTransaction(ctx.db, () => keys.filter((key) => changedRow(forget, key, before)).length);
    },
  };
}
