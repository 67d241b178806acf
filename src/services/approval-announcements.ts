import type { PlanApprovals } from '../approval/approvals.ts';
import { itemTitle } from '../approval/items.ts';
import { hasPolicy } from '../approval/policy-file.ts';
import type { PlanRecord } from '../plan/record.ts';
import { buildNoPolicyNotice, buildPlanApprovedMessage } from '../slack/blocks/approval-messages.ts';
import type { BlockMessage } from '../slack/blocks/limits.ts';
import type { ServiceDeps } from './deps.ts';

type Deps = Pick<ServiceDeps, 'store' | 'client' | 'policy' | 'logger'>;

/**
 * Once a plan is ready: without a policy file, its thread is told once that approvals need one
 * (the buttons are not shown, so this is where people learn why). With a policy: nothing to say,
 * the root and each item show what is needed.
 */
export async function announceReady(deps: Deps, plan: PlanRecord): Promise<void> {
  if (hasPolicy(deps.policy) || plan.status !== 'ready') return;
  if (!(await deps.store.claimOnce(`approvals:no-policy:${plan.id}`))) return;
  await postInThread(deps, plan, buildNoPolicyNotice());
}

/** When the plan turns green: one thread message naming who approved what (once per version). */
export async function announceIfApproved(
  deps: Deps,
  plan: PlanRecord,
  approvals: PlanApprovals,
): Promise<void> {
  if (approvals.colour !== 'green') return;
  if (!(await deps.store.claimOnce(`approvals:green:${plan.id}:${plan.version}`))) return;
  const items = approvals.items.map((i) => ({ title: itemTitle(i.item), approvals: i.state.approvedBy }));
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'plan.approved',
    actor: null,
    data: {
      version: plan.version,
      items: approvals.items.map((i) => ({
        itemKey: i.item.key,
        hash: i.current.contentHash,
        approvedBy: i.state.approvedBy.map((a) => ({ role: a.role, userId: a.userId })),
      })),
    },
  });
  await postInThread(deps, plan, buildPlanApprovedMessage({ version: plan.version, items }));
}

async function postInThread(deps: Deps, plan: PlanRecord, message: BlockMessage): Promise<void> {
  if (!plan.rootTs) return;
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs,
    ...message,
    unfurl_links: false,
    unfurl_media: false,
  });
}
