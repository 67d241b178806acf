import type { SQLInputValue } from 'node:sqlite';
import { StoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { jsonColumn, newPlanValues, PlanRow, parseRow } from '../rows.ts';
import { changedRow, type SqliteContext, timestamp } from './context.ts';

type PlanQueries = Pick<
  Store,
  | 'createPlan'
  | 'getPlan'
  | 'findPlanByRootTs'
  | 'setRootTs'
  | 'setStatus'
  | 'setVersion'
  | 'setRootStale'
  | 'listStaleRoots'
  | 'listOrphanedDrafts'
>;

export function planQueries(ctx: SqliteContext): PlanQueries {
  const { sql } = ctx;
  const plan = (where: string, ...params: SQLInputValue[]) => {
    const row = sql(`SELECT * FROM plans WHERE ${where}`).get(...params);
    return row && parseRow(PlanRow, 'plans', 'id', row);
  };
  const updatePlan = (id: string, assignments: string, ...params: SQLInputValue[]) => {
    const statement = sql(`UPDATE plans SET ${assignments}, updated_at = ? WHERE id = ?`);
    if (!changedRow(statement, ...params, timestamp(ctx), id)) {
      throw new StoreError('plan_not_found', `no plan with id ${id}`);
    }
  };

  return {
    async createPlan(input) {
      const createdAt = timestamp(ctx);
      const created = changedRow(
        sql(
          `INSERT INTO plans (id, submission_key, team_id, channel_id, requester_id, request, status, version,
             root_ts, failure, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, 'drafting', 1, NULL, NULL, ?, ?)
           ON CONFLICT (submission_key) DO NOTHING`,
        ),
        ...newPlanValues(ctx.newId(), input, createdAt),
        createdAt,
      );
      const stored = plan('submission_key = ?', input.submissionKey);
      if (!stored)
        throw new StoreError('plan_not_found', `plan for submission ${input.submissionKey} vanished`);
      return { plan: stored, created };
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

    async setRootStale(id, stale) {
      // Not an edit of the plan: updated_at (the resume sweeper's quiet time) stays.
      sql('UPDATE plans SET root_stale = ? WHERE id = ?').run(stale ? 1 : 0, id);
    },

    async listStaleRoots() {
      const rows = sql('SELECT * FROM plans WHERE root_stale = 1 ORDER BY updated_at').all();
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },

    async listOrphanedDrafts(quietMs) {
      const at = ctx.now().getTime();
      const rows = sql(
        `SELECT p.* FROM plans p LEFT JOIN generation_leases l ON l.plan_id = p.id
         WHERE p.status = 'drafting' AND (l.plan_id IS NULL OR l.expires_at < ?) AND p.updated_at < ?
         ORDER BY p.created_at`,
      ).all(at, new Date(at - quietMs).toISOString());
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },
  };
}

/** Plans newest first: what a person's App Home is built from. */
export function recentPlanQueries(ctx: SqliteContext): Pick<Store, 'listRecentPlans'> {
  return {
    async listRecentPlans(limit) {
      const rows = ctx.sql('SELECT * FROM plans ORDER BY created_at DESC, id LIMIT ?').all(limit);
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },
  };
}
