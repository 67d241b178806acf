import { buildNotice } from '../slack/blocks/notice.ts';
import type { ServiceDeps } from './deps.ts';
import { generatePlan } from './planning.ts';

export interface RetryInput {
  planId: string;
  userId: string;
  channelId: string;
  failureTs: string;
}

/** Re-runs a failed plan once per failure message, however often the button is clicked. */
export async function retryPlan(deps: ServiceDeps, input: RetryInput): Promise<void> {
  const plan = await deps.store.getPlan(input.planId);
  if (!plan || plan.channelId !== input.channelId || plan.status !== 'failed') return;
  if (!(await deps.store.claimOnce(`retry:${plan.id}:${input.failureTs}`))) return;
  await deps.client.chat.update({
    channel: plan.channelId,
    ts: input.failureTs,
    ...buildNotice('Retrying — drafting the rest of the plan. Sections already posted stay as they are.'),
    parse: 'none',
  });
  await deps.store.appendAudit({ planId: plan.id, kind: 'plan.retry', actor: input.userId, data: {} });
  await deps.store.setStatus(plan.id, 'drafting', null);
  await generatePlan(deps, { ...plan, status: 'drafting', failure: null });
}
