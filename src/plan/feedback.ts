import { z } from 'zod';

/**
 * Feedback that a revision applies: a thread reply or a Request changes reason, already redacted
 * and cut for the model. It is stored the moment it arrives, so the Retry button of a failed
 * revision can name it by id, and feedback a restart cut short is applied after start-up.
 */
export const Feedback = z.object({
  /** A thread reply's ts, or another id unique within the plan. */
  id: z.string().min(1).max(100),
  planId: z.string().min(1),
  userId: z.string().min(1),
  source: z.enum(['thread_reply', 'request_changes']),
  /** Redacted and cut to the model's limit. */
  text: z.string(),
  /** Length as the person wrote it, before redaction and cutting. */
  originalChars: z.number().int().nonnegative(),
  redactions: z.number().int().nonnegative(),
  /**
   * Ids of further feedback folded into this one (replies that arrived while a revision ran): they
   * are answered with it. Never stored; set by mergeFeedback.
   */
  merged: z.array(z.string()).optional(),
});
export type Feedback = z.infer<typeof Feedback>;

/** Feedback ids a revision answers: the lead's and those merged into it. */
export function answeredIds(feedback: Feedback): string[] {
  return [feedback.id, ...(feedback.merged ?? [])];
}

/**
 * Folds waiting feedback, oldest first, into one piece for one revision: as many as fit in
 * `maxChars` (always the first). Each keeps its author so the model can weigh them; the lead's
 * id names the revision.
 */
export function mergeFeedback(waiting: readonly Feedback[], maxChars: number): Feedback | undefined {
  const [lead, ...rest] = waiting;
  if (!lead || rest.length === 0) return lead;
  const taken: Feedback[] = [lead];
  let chars = lead.text.length;
  for (const next of rest) {
    if (next.planId !== lead.planId) continue;
    const added = next.text.length + SEPARATOR.length + 40;
    if (chars + added > maxChars) break;
    taken.push(next);
    chars += added;
  }
  if (taken.length === 1) return lead;
  return {
    ...lead,
    text: taken
      .map((f, i) => `Reply ${i + 1} of ${taken.length}, from ${f.userId}:\n${f.text}`)
      .join(SEPARATOR),
    originalChars: taken.reduce((sum, f) => sum + f.originalChars, 0),
    redactions: taken.reduce((sum, f) => sum + f.redactions, 0),
    merged: taken.slice(1).map((f) => f.id),
  };
}

const SEPARATOR = '\n\n---\n\n';

/** How a piece of feedback was answered; feedback without an outcome is still to be applied. */
export const FEEDBACK_OUTCOMES = ['revised', 'unchanged', 'failed', 'not_applied'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];
