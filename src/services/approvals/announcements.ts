import type { PlanApprovals } from '../../approval/approvals.ts';
import { itemTitle } from '../../approval/items.ts';
import { hasPolicy } from '../../approval/roles.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { buildNoPolicyNotice, buildPlanApprovedMessage } from '../../slack/blocks/approval-messages.ts';
import type { ServiceDeps } from '../deps.ts';
import { postInThread } from '../thread/publish.ts';

type Deps = Pick<ServiceDeps, 'store' | 'client' | 'policy'>;

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
  await deps.store.appendAudit({
    kind: 'plan.approved',
    planId: plan.id,
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
  const items = approvals.items.map((i) => ({ title: itemTitle(i.item), approvals: i.state.approvedBy }));
  await postInThread(deps, plan, buildPlanApprovedMessage({ version: plan.version, items }));
}
