import type { Store } from '../port.ts';
import { ClaimRow, parseRow } from '../rows.ts';
import { changed, type PgContext, timestamp } from './context.ts';

type LeaseQueries = Pick<
  Store,
  'acquireLease' | 'releaseLease' | 'claimOnce' | 'listClaimsAfter' | 'forgetClaims'
>;

/**
 * Generation leases and one-time claims. Each is one statement, which PostgreSQL makes atomic
 * across connections: of two replicas racing for a lease or a claim, exactly one row changes.
 */
export function leaseQueries(ctx: PgContext): LeaseQueries {
  return {
    async acquireLease(planId, owner, ttlMs) {
      const at = ctx.now().getTime();
      const result = await ctx.query(
        `INSERT INTO generation_leases (plan_id, owner, expires_at) VALUES ($1, $2, $3)
         ON CONFLICT (plan_id) DO UPDATE SET owner = excluded.owner, expires_at = excluded.expires_at
         WHERE generation_leases.owner = excluded.owner OR generation_leases.expires_at < $4`,
        [planId, owner, at + ttlMs, at],
      );
      return changed(result);
    },

    async releaseLease(planId, owner) {
      await ctx.query('DELETE FROM generation_leases WHERE plan_id = $1 AND owner = $2', [planId, owner]);
    },

    async claimOnce(key) {
      const result = await ctx.query(
        'INSERT INTO claims (key, created_at) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING',
        [key, timestamp(ctx)],
      );
      return changed(result);
    },

    async listClaimsAfter(after, limit) {
      // The database's own order of its key index: the cursor only ever comes from this query.
      const result = await ctx.query(
        'SELECT key, created_at FROM claims WHERE key > $1 ORDER BY key LIMIT $2',
        [after, limit],
      );
      return result.rows.map((row) => parseRow(ClaimRow, 'claims', 'key', row));
    },

    async forgetClaims(keys, before) {
      const result = await ctx.query('DELETE FROM claims WHERE key = ANY($1) AND created_at < $2', [
        [...keys],
        before,
      ]);
      return result.rowCount ?? 0;
    },
  };
}
