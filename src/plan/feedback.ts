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
});
export type Feedback = z.infer<typeof Feedback>;

/** How a piece of feedback was answered; feedback without an outcome is still to be applied. */
export const FEEDBACK_OUTCOMES = ['revised', 'unchanged', 'failed', 'not_applied'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];
