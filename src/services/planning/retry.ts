import type { PlanRecord } from '../../plan/record.ts';
import { buildNotice } from '../../slack/blocks/notice.ts';
import type { ServiceDeps } from '../deps.ts';
import { updateMessage } from '../thread/publish.ts';
import { generatePlan } from './generate.ts';

export interface RetryInput {
  planId: string;
  userId: string;
  channelId: string;
  failureTs: string;
}

/**
 * Re-runs a failed plan once per failure, however often its Retry buttons (on the failure message and
 * on the root) are clicked.
 */
export async function retryPlan(deps: ServiceDeps, input: RetryInput): Promise<void> {
  const plan = await deps.store.getPlan(input.planId);
  if (!plan || plan.channelId !== input.channelId || plan.status !== 'failed') return;
  // One failure, one retry: the failure is identified by when the plan was marked failed.
  if (!(await deps.store.claimOnce(`retry:${plan.id}:${plan.updatedAt}`))) return;
  if (input.failureTs !== plan.rootTs) {
    const notice = buildNotice(
      'Retrying — drafting the rest of the plan. Sections already posted stay as they are.',
    );
    await updateMessage(deps, plan.channelId, input.failureTs, notice, 'person');
  }
  await deps.store.appendAudit({ kind: 'plan.retry', planId: plan.id, actor: input.userId, data: {} });
  await deps.store.setStatus(plan.id, 'drafting', null);
  const drafting: PlanRecord = { ...plan, status: 'drafting', failure: null };
  await generatePlan(deps, drafting);
}
