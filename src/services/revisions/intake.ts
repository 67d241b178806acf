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
  if (plan.expiredAt) {
    await notifyUser(
      deps,
      recipientIn(plan, arrival.userId),
      `Your reply was not applied: the approval of “${plan.request.title}” expired, so the plan takes no more changes. To go ahead, start a new plan with /release-plan.`,
    );
    return undefined;
  }
  const limited = await overLimit(deps, plan, arrival.userId);
  if (limited) {
    deps.logger.warn({ planId: plan.id, userId: arrival.userId }, 'reply over the limit; not taken');
    await notifyUser(deps, recipientIn(plan, arrival.userId), limited);
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

/**
 * Why a reply is refused, if it is: a person, and a plan altogether, may send so many replies per
 * window (one person cannot make the plan churn, nor can a crowd).
 */
async function overLimit(deps: ServiceDeps, plan: PlanRecord, userId: string): Promise<string | undefined> {
  const { perPerson, perPlan, windowMs } = deps.replyLimits;
  const since = new Date(deps.clock.now().getTime() - windowMs).toISOString();
  const minutes = Math.round(windowMs / 60_000);
  if ((await deps.store.countFeedback(plan.id, since, userId)) >= perPerson) {
    return `Your reply in the thread of “${plan.request.title}” was not applied: you have sent ${perPerson} replies to this plan in the last ${minutes} minutes, the most it takes from one person. Collect further changes into one reply a little later.`;
  }
  if ((await deps.store.countFeedback(plan.id, since)) >= perPlan) {
    return `Your reply in the thread of “${plan.request.title}” was not applied: the plan has had ${perPlan} replies in the last ${minutes} minutes, the most it takes. Try again a little later.`;
  }
  return undefined;
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
