import type { Store } from '../port.ts';
import { DecisionRow, ModelCallRow, modelCallValues, parseRow } from '../rows.ts';
import { changed, type PgContext } from './context.ts';

type DecisionQueries = Pick<Store, 'recordDecision' | 'listDecisions' | 'recordModelCall' | 'listModelCalls'>;

/** Decisions people took and the model calls the bot made: both append-only per plan. */
export function decisionQueries(ctx: PgContext): DecisionQueries {
  return {
    async recordDecision(d) {
      const result = await ctx.query(
        `INSERT INTO decisions (plan_id, item_key, version, content_hash, user_id, role, decision, reason, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (plan_id, item_key, content_hash, version, user_id) DO NOTHING`,
        [d.planId, d.itemKey, d.version, d.contentHash, d.userId, d.role, d.decision, d.reason, d.createdAt],
      );
      return changed(result);
    },

    async listDecisions(planId) {
      const { rows } = await ctx.query('SELECT * FROM decisions WHERE plan_id = $1 ORDER BY id', [planId]);
      return rows.map((row) => parseRow(DecisionRow, 'decisions', 'id', row));
    },

    async recordModelCall(call) {
      await ctx.query(
        `INSERT INTO model_calls (plan_id, purpose, provider, model, input_tokens, output_tokens,
           cached_input_tokens, latency_ms, outcome, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        modelCallValues(call),
      );
    },

    async listModelCalls(planId) {
      const { rows } = await ctx.query('SELECT * FROM model_calls WHERE plan_id = $1 ORDER BY id', [planId]);
      return rows.map((row) => parseRow(ModelCallRow, 'model_calls', 'id', row));
    },
  };
}
