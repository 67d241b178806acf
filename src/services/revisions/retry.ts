import { buildNotice } from '../../slack/blocks/notice.ts';
import { readAuditEvent } from '../../store/audit-events.ts';
import type { ServiceDeps } from '../deps.ts';
import { updateMessage } from '../thread/publish.ts';
import type { RetryRevisionInput } from './index.ts';

/**
 * Retry of a failed revision: its feedback (and what was merged into it) goes back in the queue, in
 * its arrival place, once per failure message. Returns the plan to drain, or nothing to do.
 */
export async function reopenFailed(
  deps: ServiceDeps,
  input: RetryRevisionInput,
): Promise<string | undefined> {
  const plan = await deps.store.getPlan(input.planId);
  if (!plan || plan.channelId !== input.channelId) return undefined;
  if (!(await deps.store.claimOnce(`retry-revision:${plan.id}:${input.failureTs}`))) return undefined;
  const feedback = await deps.store.getFeedback(plan.id, input.feedbackId);
  // False when it is no longer a failure to retry (answered since).
  if (!feedback || !(await deps.store.reopenFeedback(plan.id, feedback.id))) return undefined;
  for (const id of await mergedInto(deps, plan.id, feedback.id)) await deps.store.reopenFeedback(plan.id, id);
  await updateMessage(
    deps,
    plan.channelId,
    input.failureTs,
    buildNotice('Retrying the revision with the same feedback.'),
  );
  await deps.store.appendAudit({
    kind: 'revision.retry',
    planId: plan.id,
    actor: input.userId,
    data: { feedbackId: feedback.id },
  });
  return plan.id;
}

/** The feedback merged into the failed revision that `leadId` named (from its audit entry). */
async function mergedInto(
  deps: Pick<ServiceDeps, 'store'>,
  planId: string,
  leadId: string,
): Promise<string[]> {
  const entries = await deps.store.listAudit({ planId });
  for (const entry of entries.toReversed()) {
    const event = readAuditEvent(entry);
    if (event?.kind === 'revision.failed' && event.data.feedbackId === leadId) return event.data.merged ?? [];
  }
  return [];
}
