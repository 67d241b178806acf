import { answeredIds, type Feedback, type FeedbackOutcome } from '../../plan/feedback.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { buildNoChangeMessage, buildRevisionFailureMessage } from '../../slack/blocks/revision-message.ts';
import type { ServiceDeps } from '../deps.ts';
import { failureCodeOf } from '../planning/model-call.ts';
import { notifyUser, recipientIn } from '../thread/notices.ts';
import { postInThread } from '../thread/publish.ts';

/** The model changed nothing: said in the thread, and the feedback is answered. */
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
  await postInThread(
    deps,
    plan,
    buildNoChangeMessage({ version: plan.version, feedbackBy: feedback.userId, summary }),
  );
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
