import { errorMessage } from '../../errors.ts';
import { answeredIds, type Feedback, type FeedbackOutcome } from '../../plan/feedback.ts';
import type { PlanRecord } from '../../plan/record.ts';
import {
  buildNoChangeNotice,
  buildRevisionFailureMessage,
  READ_REACTION,
} from '../../slack/blocks/revision-message.ts';
import type { ServiceDeps } from '../deps.ts';
import { failureCodeOf } from '../planning/model-call.ts';
import { notifyUser, recipientIn, tellInThread } from '../thread/notices.ts';
import { postInThread } from '../thread/publish.ts';

/**
 * The model changed nothing: the thread stays quiet. Each author is told privately why, each
 * thread reply gets a reaction showing it was read, and the feedback is answered.
 */
export async function reportNoChange(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  summary: string,
): Promise<void> {
  await deps.store.appendAudit({
    kind: 'revision.unchanged',
    planId: plan.id,
    actor: feedback.userId,
    data: { feedbackId: feedback.id, version: plan.version },
  });
  await answerAll(deps, feedback, 'unchanged');
  const answered = await answeredFeedback(deps, feedback);
  const notice = buildNoChangeNotice({ version: plan.version, planTitle: plan.request.title, summary });
  const where = { channelId: plan.channelId, threadTs: plan.rootTs };
  for (const userId of new Set(answered.map((f) => f.userId))) {
    await tellInThread(deps, { ...where, userId }, notice);
  }
  for (const reply of answered.filter((f) => f.source === 'thread_reply')) {
    await markRead(deps, plan.channelId, reply.id);
  }
}

/** The lead feedback and those merged into it, as stored (each with its own author and source). */
async function answeredFeedback(deps: Pick<ServiceDeps, 'store'>, feedback: Feedback): Promise<Feedback[]> {
  const merged = await Promise.all(
    (feedback.merged ?? []).map((id) => deps.store.getFeedback(feedback.planId, id)),
  );
  return [feedback, ...merged.filter((f): f is Feedback => f !== undefined)];
}

/** A reaction on a thread reply (its id is its ts); a failure is logged, never thrown. */
async function markRead(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  channel: string,
  ts: string,
): Promise<void> {
  try {
    await deps.client.reactions.add({ channel, timestamp: ts, name: READ_REACTION });
  } catch (err) {
    deps.logger.warn({ err: errorMessage(err), channel, ts }, 'could not react to the thread reply');
  }
}

/** The revision failed: the plan keeps its version, and the thread says so with Retry. */
export async function failRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  err: unknown,
): Promise<void> {
  const code = failureCodeOf(err);
  deps.logger.warn({ err, planId: plan.id, feedbackId: feedback.id, code }, 'revision failed');
  await deps.store.appendAudit({
    kind: 'revision.failed',
    planId: plan.id,
    actor: null,
    data: { feedbackId: feedback.id, version: plan.version, code, ...mergedOf(feedback) },
  });
  await answerAll(deps, feedback, 'failed');
  await postInThread(
    deps,
    plan,
    buildRevisionFailureMessage({ planId: plan.id, feedbackId: feedback.id, code }),
  );
}

/** Feedback on a plan that is not ready: its author is told it was not applied, and it is answered so. */
export async function refuseNotReady(deps: ServiceDeps, plan: PlanRecord, feedback: Feedback): Promise<void> {
  const why =
    plan.status === 'failed'
      ? 'drafting it failed: press Retry on the failure message first'
      : 'it has not finished drafting';
  await answerAll(deps, feedback, 'not_applied');
  await notifyUser(
    deps,
    recipientIn(plan, feedback.userId),
    `Your reply in the thread of “${plan.request.title}” was not applied: ${why}. Reply again once the plan is ready.`,
  );
}

/** Answers the feedback and everything merged into it alike. */
export async function answerAll(
  deps: Pick<ServiceDeps, 'store'>,
  feedback: Feedback,
  outcome: FeedbackOutcome,
): Promise<void> {
  for (const id of answeredIds(feedback)) await deps.store.answerFeedback(feedback.planId, id, outcome);
}

/** The merged ids, for the audit log: Retry puts all of them back in the queue. */
function mergedOf(feedback: Feedback): { merged?: string[] } {
  return feedback.merged?.length ? { merged: feedback.merged } : {};
}
