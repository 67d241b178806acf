import type { Store } from '../port.ts';
import { FeedbackRow, parseRow } from '../rows.ts';
import { changed, type PgContext, timestamp } from './context.ts';

type FeedbackQueries = Pick<
  Store,
  | 'recordFeedback'
  | 'getFeedback'
  | 'answerFeedback'
  | 'listUnansweredFeedback'
  | 'reopenFeedback'
  | 'countFeedback'
>;

export function feedbackQueries(ctx: PgContext): FeedbackQueries {
  return {
    async recordFeedback(f) {
      const result = await ctx.query(
        `INSERT INTO feedback (plan_id, id, user_id, source, text, original_chars, redactions, received_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
         ON CONFLICT (plan_id, id) DO NOTHING`,
        [f.planId, f.id, f.userId, f.source, f.text, f.originalChars, f.redactions, timestamp(ctx)],
      );
      return changed(result);
    },

    async getFeedback(planId, id) {
      const { rows } = await ctx.query('SELECT * FROM feedback WHERE plan_id = $1 AND id = $2', [planId, id]);
      return rows[0] && parseRow(FeedbackRow, 'feedback', 'id', rows[0]);
    },

    async answerFeedback(planId, id, outcome) {
      await ctx.query('UPDATE feedback SET outcome = $3, answered_at = $4 WHERE plan_id = $1 AND id = $2', [
        planId,
        id,
        outcome,
        timestamp(ctx),
      ]);
    },

    async listUnansweredFeedback(planId) {
      const { rows } =
        planId === undefined
          ? await ctx.query('SELECT * FROM feedback WHERE outcome IS NULL ORDER BY seq')
          : await ctx.query('SELECT * FROM feedback WHERE outcome IS NULL AND plan_id = $1 ORDER BY seq', [
              planId,
            ]);
      return rows.map((row) => parseRow(FeedbackRow, 'feedback', 'id', row));
    },

    async countFeedback(planId, since, userId) {
      const { rows } =
        userId === undefined
          ? await ctx.query(
              'SELECT count(*)::int AS n FROM feedback WHERE plan_id = $1 AND received_at >= $2',
              [planId, since],
            )
          : await ctx.query(
              'SELECT count(*)::int AS n FROM feedback WHERE plan_id = $1 AND received_at >= $2 AND user_id = $3',
              [planId, since, userId],
            );
      return Number(rows[0]?.n ?? 0);
    },

    async reopenFeedback(planId, id) {
      const result = await ctx.query(
        `UPDATE feedback SET outcome = NULL, answered_at = NULL
         WHERE plan_id = $1 AND id = $2 AND outcome = 'failed'`,
        [planId, id],
      );
      return changed(result);
    },
  };
}
