import type { Store } from '../port.ts';
import { changedRow, type SqliteContext, timestamp } from './context.ts';
import { FeedbackRow, parseRow } from './rows.ts';

type FeedbackQueries = Pick<
  Store,
  'recordFeedback' | 'getFeedback' | 'answerFeedback' | 'listUnansweredFeedback'
>;

export function feedbackQueries(ctx: SqliteContext): FeedbackQueries {
  const { sql } = ctx;
  return {
    async recordFeedback(feedback) {
      return changedRow(
        sql(
          `INSERT INTO feedback (plan_id, id, user_id, source, text, original_chars, redactions, received_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT (plan_id, id) DO NOTHING`,
        ),
        feedback.planId,
        feedback.id,
        feedback.userId,
        feedback.source,
        feedback.text,
        feedback.originalChars,
        feedback.redactions,
        timestamp(ctx),
      );
    },

    async getFeedback(planId, id) {
      const row = sql('SELECT * FROM feedback WHERE plan_id = ? AND id = ?').get(planId, id);
      return row && parseRow(FeedbackRow, 'feedback', 'id', row);
    },

    async answerFeedback(planId, id, outcome) {
      sql('UPDATE feedback SET outcome = ?, answered_at = ? WHERE plan_id = ? AND id = ?').run(
        outcome,
        timestamp(ctx),
        planId,
        id,
      );
    },

    async listUnansweredFeedback() {
      const rows = sql('SELECT * FROM feedback WHERE outcome IS NULL ORDER BY seq').all();
      return rows.map((row) => parseRow(FeedbackRow, 'feedback', 'id', row));
    },
  };
}
