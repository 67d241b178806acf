import type { Store } from '../port.ts';
import { jsonColumn, parseRow, TimeoutRow } from '../rows.ts';
import { changedRow, type SqliteContext, timestamp } from './context.ts';

type TimeoutQueries = Pick<
  Store,
  'getTimeouts' | 'saveTimeouts' | 'claimDueTimeouts' | 'releaseTimeouts' | 'expirePlan'
>;

/** Approval timeouts: each plan's clocks as one document, its due time, and the lease on due work. */
export function timeoutQueries(ctx: SqliteContext): TimeoutQueries {
  const { sql } = ctx;
  return {
    async getTimeouts(planId) {
      const row = sql('SELECT state, due_at FROM plan_timeouts WHERE plan_id = ?').get(planId);
      return row && parseRow(TimeoutRow, 'plan_timeouts', 'plan_id', { ...row, plan_id: planId });
    },

    async saveTimeouts(planId, state, dueAt) {
      sql(
        `INSERT INTO plan_timeouts (plan_id, state, due_at) VALUES (?, ?, ?)
         ON CONFLICT (plan_id) DO UPDATE SET state = excluded.state, due_at = excluded.due_at`,
      ).run(planId, jsonColumn(state), dueAt);
    },

    async claimDueTimeouts(owner, ttlMs, limit) {
      const at = ctx.now().getTime();
      const rows = sql(
        `UPDATE plan_timeouts SET lease_owner = ?, lease_until = ?
         WHERE plan_id IN (
           SELECT plan_id FROM plan_timeouts
           WHERE due_at IS NOT NULL AND due_at <= ? AND lease_until < ?
           ORDER BY due_at LIMIT ?)
         RETURNING plan_id`,
      ).all(owner, at + ttlMs, at, at, limit);
      return rows.map((row) => String(row.plan_id));
    },

    async releaseTimeouts(planId, owner) {
      sql(
        'UPDATE plan_timeouts SET lease_owner = NULL, lease_until = 0 WHERE plan_id = ? AND lease_owner = ?',
      ).run(planId, owner);
    },

    async expirePlan(id) {
      const at = timestamp(ctx);
      return changedRow(
        sql('UPDATE plans SET expired_at = ?, updated_at = ? WHERE id = ? AND expired_at IS NULL'),
        at,
        at,
        id,
      );
    },
  };
}
