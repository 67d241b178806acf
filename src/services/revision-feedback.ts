import { z } from 'zod';
import type { Store } from '../store/port.ts';

/**
 * Feedback that a revision applies: a thread reply or a Request changes reason, already redacted
 * and cut for the model. It is kept in the audit log (append-only, durable) when it arrives, so
 * the Retry button of a failed revision can name it by id and find it again after a restart.
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

export const FEEDBACK_AUDIT_KIND = 'revision.feedback';

export async function recordFeedback(store: Store, feedback: Feedback): Promise<void> {
  await store.appendAudit({
    planId: feedback.planId,
    kind: FEEDBACK_AUDIT_KIND,
    actor: feedback.userId,
    data: feedback,
  });
}

/** The feedback recorded for a plan under this id, if any (the latest, should an id repeat). */
export async function findFeedback(store: Store, planId: string, id: string): Promise<Feedback | undefined> {
  const entries = await store.listAudit({ planId });
  return entries
    .filter((e) => e.kind === FEEDBACK_AUDIT_KIND)
    .map((e) => Feedback.safeParse(e.data))
    .flatMap((parsed) => (parsed.success && parsed.data.id === id ? [parsed.data] : []))
    .at(-1);
}
