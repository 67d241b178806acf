import type { DecisionKind } from '../../approval/decisions.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { buildDecisionNotice } from '../../slack/blocks/approval-messages.ts';
import type { ServiceDeps } from '../deps.ts';
import { tellInThread } from '../thread/notices.ts';
import type { ItemClick } from './types.ts';

type Deps = Pick<ServiceDeps, 'store' | 'client' | 'logger' | 'metrics'>;

/** A refused click: audited, and the clicker told why (privately, in the plan's thread). */
export async function refuse(
  deps: Deps,
  plan: PlanRecord,
  click: ItemClick,
  action: DecisionKind,
  refusal: { reason: string; safeMessage: string },
): Promise<void> {
  deps.metrics.refusalRecorded(refusal.reason);
  await deps.store.appendAudit({
    kind: 'decision.refused',
    planId: plan.id,
    actor: click.userId,
    data: {
      itemKey: click.itemKey,
      action,
      reason: refusal.reason,
      version: click.version,
      hash: click.hash,
      role: click.role ?? null,
    },
  });
  const where = { channelId: plan.channelId, threadTs: plan.rootTs, userId: click.userId };
  await tellInThread(deps, where, buildDecisionNotice(refusal.safeMessage));
}

/** A click on a plan that is not here (deleted, or a button copied into another channel). */
export async function refuseMissing(deps: Deps, click: ItemClick, action: DecisionKind): Promise<void> {
  deps.metrics.refusalRecorded('not_found');
  await deps.store.appendAudit({
    kind: 'decision.refused',
    planId: click.planId,
    actor: click.userId,
    data: { itemKey: click.itemKey, action, reason: 'not_found', channelId: click.channelId },
  });
  const where = { channelId: click.channelId, threadTs: null, userId: click.userId };
  await tellInThread(deps, where, buildDecisionNotice('This plan is no longer available here.'));
}
