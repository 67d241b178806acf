import { StoreError } from '../errors.ts';
import type { Store } from '../port.ts';
import { jsonColumn, newPlanValues, PlanRow, parseRow } from '../rows.ts';
import { changed, type PgContext, timestamp } from './context.ts';

type PlanQueries = Pick<
  Store,
  | 'createPlan'
  | 'getPlan'
  | 'findPlanByRootTs'
  | 'setRootTs'
  | 'setStatus'
  | 'setVersion'
  | 'listOrphanedDrafts'
>;

export function planQueries(ctx: PgContext): PlanQueries {
  const plan = async (where: string, ...params: unknown[]) => {
    const row = (await ctx.query(`SELECT * FROM plans WHERE ${where}`, params)).rows[0];
    return row && parseRow(PlanRow, 'plans', 'id', row);
  };
  // $1 is the id, $2 updated_at; assignments use $3 on.
  const updatePlan = async (id: string, assignments: string, ...params: unknown[]) => {
    const result = await ctx.query(`UPDATE plans SET ${assignments}, updated_at = $2 WHERE id = $1`, [
      id,
      timestamp(ctx),
      ...params,
    ]);
    if (!changed(result)) throw new StoreError('plan_not_found', `no plan with id ${id}`);
  };

  return {
    async createPlan(input) {
      const createdAt = timestamp(ctx);
      const result = await ctx.query(
        `INSERT INTO plans (id, submission_key, team_id, channel_id, requester_id, request, status, version,
           root_ts, failure, created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'drafting', 1, NULL, NULL, $7, $7)
         ON CONFLICT (submission_key) DO NOTHING`,
        newPlanValues(ctx.newId(), input, createdAt),
      );
      const stored = await plan('submission_key = $1', input.submissionKey);
      if (!stored)
        throw new StoreError('plan_not_found', `plan for submission ${input.submissionKey} vanished`);
      return { plan: stored, created: changed(result) };
    },

    getPlan: (id) => plan('id = $1', id),

    findPlanByRootTs: (channelId, rootTs) => plan('channel_id = $1 AND root_ts = $2', channelId, rootTs),

    async setRootTs(id, ts) {
      await updatePlan(id, 'root_ts = $3', ts);
    },

    async setStatus(id, status, failure = null) {
      await updatePlan(
        id,
        'status = $3, failure = $4',
        status,
        failure === null ? null : jsonColumn(failure),
      );
    },

    async setVersion(id, version) {
      await updatePlan(id, 'version = $3', version);
    },

    async listOrphanedDrafts(quietMs) {
      const at = ctx.now().getTime();
      const { rows } = await ctx.query(
        `SELECT p.* FROM plans p LEFT JOIN generation_leases l ON l.plan_id = p.id
         WHERE p.status = 'drafting' AND (l.plan_id IS NULL OR l.expires_at < $1) AND p.updated_at < $2
         ORDER BY p.created_at`,
        [at, new Date(at - quietMs).toISOString()],
      );
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },
  };
}

/** Root messages that lag behind their plans: due work for the sweeper. */
export function rootQueries(
  ctx: PgContext,
): Pick<Store, 'setRootStale' | 'listStaleRoots' | 'listRecentPlans'> {
  return {
    async setRootStale(id, stale) {
      // Not an edit of the plan: updated_at (the resume sweeper's quiet time) stays.
      await ctx.query('UPDATE plans SET root_stale = $2 WHERE id = $1', [id, stale ? 1 : 0]);
    },

    async listStaleRoots() {
      const { rows } = await ctx.query('SELECT * FROM plans WHERE root_stale = 1 ORDER BY updated_at');
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },

    async listRecentPlans(limit) {
      const { rows } = await ctx.query('SELECT * FROM plans ORDER BY created_at DESC, id LIMIT $1', [limit]);
      return rows.map((row) => parseRow(PlanRow, 'plans', 'id', row));
    },
  };
}
