import type { Store } from '../port.ts';
import { ModelCallRow, modelCallValues, parseRow } from '../rows.ts';
import type { SqliteContext } from './context.ts';

type ModelCallQueries = Pick<Store, 'recordModelCall' | 'listModelCalls'>;

export function modelCallQueries({ sql }: SqliteContext): ModelCallQueries {
  return {
    async recordModelCall(call) {
      sql(
        `INSERT INTO model_calls (plan_id, purpose, provider, model, input_tokens, output_tokens,
           cached_input_tokens, latency_ms, outcome, created_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(...modelCallValues(call));
    },

    async listModelCalls(planId) {
      const rows = sql('SELECT * FROM model_calls WHERE plan_id = ? ORDER BY id').all(planId);
      return rows.map((row) => parseRow(ModelCallRow, 'model_calls', 'id', row));
    },
  };
}
