import type { Store } from '../port.ts';
import { DecisionRow, parseRow } from '../rows.ts';
import { changedRow, type SqliteContext } from './context.ts';

type DecisionQueries = Pick<Store, 'recordDecision' | 'listDecisions'>;

export function decisionQueries({ sql }: SqliteContext): DecisionQueries {
  return {
    async recordDecision(decision) {
      return changedRow(
        sql(
          `INSERT INTO decisions (plan_id, item_key, version, content_hash, user_id, role, decision, reason, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan_id, item_key, content_hash, version, user_id) DO NOTHING`,
        ),
        decision.planId,
        decision.itemKey,
        decision.version,
        decision.contentHash,
        decision.userId,
        decision.role,
        decision.decision,
        decision.reason,
        decision.createdAt,
      );
    },

    async listDecisions(planId) {
      const rows = sql('SELECT * FROM decisions WHERE plan_id = ? ORDER BY id').all(planId);
      return rows.map((row) => parseRow(DecisionRow, 'decisions', 'id', row));
    },
  };
}
