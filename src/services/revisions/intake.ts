import { redactInputThorough } from '../../guard/input.ts';
import type { Feedback } from '../../plan/feedback.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { FEEDBACK_MAX_CHARS } from '../../plan/revision.ts';
import type { ServiceDeps } from '../deps.ts';
import { notifyUser, recipientIn } from '../thread/notices.ts';

export interface FeedbackArrival {
  /** Unique within the plan: a thread reply's ts, or `changes:<view id>`. */
  feedbackId: string;
  userId: string;
  source: Feedback['source'];
  /** As the person wrote it. */
  raw: string;
}

/**
 * Redacts and stores one piece of feedback (the moment it arrives, before any revision runs) and
 * tells its author what was redacted or cut. Undefined when there is nothing to apply: the plan
 * failed, and queued feedback would hold the lock that its Retry needs.
 */
export async function takeFeedback(
  deps: ServiceDeps,
  plan: PlanRecord,
  arrival: FeedbackArrival,
): Promise<Feedback | undefined> {
  if (plan.status === 'failed') {
    await notifyUser(
      deps,
      recipientIn(plan, arrival.userId),
      `Your reply was not applied: drafting “${plan.request.title}” failed. Press Retry on the failure message, then reply again once the plan is ready.`,
    );
    return undefined;
  }
  const redacted = await redactInputThorough(arrival.raw, { maxChars: FEEDBACK_MAX_CHARS });
  const feedback: Feedback = {
    id: arrival.feedbackId,
    planId: plan.id,
    userId: arrival.userId,
    source: arrival.source,
    text: redacted.text,
    originalChars: arrival.raw.length,
    redactions: redacted.redactions,
  };
  await deps.store.recordFeedback(feedback);
  await deps.store.appendAudit({
    kind: 'revision.feedback',
    planId: plan.id,
    actor: feedback.userId,
    data: feedback,
  });
  const notice = intakeNotice(redacted.redactions, redacted.truncated);
  if (notice) await notifyUser(deps, recipientIn(plan, arrival.userId), notice);
  return feedback;
}

function intakeNotice(redactions: number, truncated: boolean): string | undefined {
  const parts = [
    redactions > 0
      ? `${redactions === 1 ? 'Something that looked like a secret was' : `${redactions} things that looked like secrets were`} redacted from your reply before it reached the model or was stored.`
      : null,
    truncated
      ? `Your reply was long: only its first ${FEEDBACK_MAX_CHARS.toLocaleString('en-US')} characters were given to the model.`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' ') : undefined;
}
