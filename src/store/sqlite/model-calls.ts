import type { Store } from '../port.ts';
import { ModelCallRow, parseRow } from '../rows.ts';
import type { SqliteContext } from './context.ts';

type ModelCallQueries = Pick<Store, 'recordModelCall' | 'listModelCalls'>;

export function modelCallQueries({ sql }: SqliteContext): ModelCallQueries {
  return {
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
  };
}
