import { errorMessage } from '../../errors.ts';
import type { PlanRequest } from '../../plan/request.ts';
import type { ServiceDeps } from '../deps.ts';
import { postRootMessage } from '../thread/root-message.ts';
import { runGeneration } from './generate.ts';
import { withPlanLock } from './plan-lock.ts';

export interface Submission {
  submissionKey: string;
  teamId: string;
  channelId: string;
  requesterId: string;
  request: PlanRequest;
}

/** One plan per view submission: a second delivery of the same submission does nothing. */
export async function startPlan(deps: ServiceDeps, submission: Submission): Promise<void> {
  const { plan, created } = await deps.store.createPlan(submission);
  if (!created) {
    deps.logger.info({ planId: plan.id }, 'duplicate view submission ignored');
    return;
  }
  deps.logger.info(
    {
      planId: plan.id,
      channelId: plan.channelId,
      model: plan.request.modelChoice,
      title: plan.request.title,
    },
    'plan requested',
  );
  await deps.store.appendAudit({
    kind: 'plan.requested',
    planId: plan.id,
    actor: plan.requesterId,
    data: { request: plan.request },
  });
  // Locked from the start, so a resume sweep never takes a plan whose root is still being posted.
  await withPlanLock(deps, plan.id, async (signal) => {
    let rootTs: string;
    try {
      rootTs = await postRootMessage(deps, plan);
    } catch (err) {
      await deps.store.setStatus(plan.id, 'failed', {
        code: 'slack_post_failed',
        message: errorMessage(err),
      });
      throw err;
    }
    await runGeneration(deps, { ...plan, rootTs }, signal);
  });
}
