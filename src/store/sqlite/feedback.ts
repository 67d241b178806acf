import type { Store } from '../port.ts';
import { FeedbackRow, parseRow } from '../rows.ts';
import { changedRow, type SqliteContext, timestamp } from './context.ts';

type FeedbackQueries = Pick<
  Store,
  | 'recordFeedback'
  | 'getFeedback'
  | 'answerFeedback'
  | 'listUnansweredFeedback'
  | 'reopenFeedback'
  | 'countFeedback'
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

    async listUnansweredFeedback(planId) {
      const rows =
        planId === undefined
          ? sql('SELECT * FROM feedback WHERE outcome IS NULL ORDER BY seq').all()
          : sql('SELECT * FROM feedback WHERE outcome IS NULL AND plan_id = ? ORDER BY seq').all(planId);
      return rows.map((row) => parseRow(FeedbackRow, 'feedback', 'id', row));
    },

    async countFeedback(planId, since, userId) {
      const row =
        userId === undefined
          ? sql('SELECT count(*) AS n FROM feedback WHERE plan_id = ? AND received_at >= ?').get(
              planId,
              since,
            )
          : sql(
              'SELECT count(*) AS n FROM feedback WHERE plan_id = ? AND received_at >= ? AND user_id = ?',
            ).get(planId, since, userId);
      return Number(row?.n ?? 0);
    },

    async reopenFeedback(planId, id) {
      return changedRow(
        sql(
          `UPDATE feedback SET outcome = NULL, answered_at = NULL
           WHERE plan_id = ? AND id = ? AND outcome = 'failed'`,
        ),
        planId,
        id,
      );
    },
  };
}
