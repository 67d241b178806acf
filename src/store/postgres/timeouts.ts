import type { Store } from '../port.ts';
import { jsonColumn, parseRow, TimeoutRow } from '../rows.ts';
import { changed, type PgContext, timestamp } from './context.ts';

type TimeoutQueries = Pick<
  Store,
  'getTimeouts' | 'saveTimeouts' | 'claimDueTimeouts' | 'releaseTimeouts' | 'expirePlan'
>;

/**
 * Approval timeouts. Claiming is one statement that skips rows another replica is claiming
 * (SKIP LOCKED), so of two replicas polling at the same instant each due plan goes to one.
 */
export function timeoutQueries(ctx: PgContext): TimeoutQueries {
  return {
    async getTimeouts(planId) {
      const result = await ctx.query('SELECT plan_id, state, due_at FROM plan_timeouts WHERE plan_id = $1', [
        planId,
      ]);
      const row = result.rows[0];
      return row && parseRow(TimeoutRow, 'plan_timeouts', 'plan_id', row);
    },

    async saveTimeouts(planId, state, dueAt) {
      await ctx.query(
        `INSERT INTO plan_timeouts (plan_id, state, due_at) VALUES ($1, $2, $3)
         ON CONFLICT (plan_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at`,
        [planId, jsonColumn(state), dueAt],
      );
    },

    async claimDueTimeouts(owner, ttlMs, limit) {
      const at = ctx.now().getTime();
      const result = await ctx.query(
        `UPDATE plan_timeouts SET lease_owner = $1, lease_until = $2
         WHERE plan_id IN (
           SELECT plan_id FROM plan_timeouts
           WHERE due_at IS NOT NULL AND due_at <= $3 AND lease_until < $3
           ORDER BY due_at LIMIT $4 FOR UPDATE SKIP LOCKED)
         RETURNING plan_id`,
        [owner, at + ttlMs, at, limit],
      );
      return result.rows.map((row) => String(row.plan_id));
    },

    async releaseTimeouts(planId, owner) {
      await ctx.query(
        'UPDATE plan_timeouts SET lease_owner = NULL, lease_until = 0 WHERE plan_id = $1 AND lease_owner = $2',
        [planId, owner],
      );
    },

    async expirePlan(id) {
      const at = timestamp(ctx);
      const result = await ctx.query(
        'UPDATE plans SET expired_at = $1, updated_at = $1 WHERE id = $2 AND expired_at IS NULL',
        [at, id],
      );
      return changed(result);
    },
  };
}
