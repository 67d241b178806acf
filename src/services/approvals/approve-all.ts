import { waitingForRole } from '../../approval/bulk.ts';
import { itemTitle } from '../../approval/items.ts';
import { rolesOf } from '../../approval/policy.ts';
import { EXPIRED_MESSAGE } from '../../approval/timeouts.ts';
import { buildApproveAllModal, buildApproveAllResult } from '../../slack/blocks/approve-all.ts';
import {
  APPROVE_ALL_MAX_ITEMS,
  type ApproveAllMetadata,
  type ApproveAllValue,
} from '../../slack/review-values.ts';
import { type ModalTrigger, openModal } from '../thread/modals.ts';
import { notifyUser, tellInThread } from '../thread/notices.ts';
import { type DecideContext, decide } from './decide.ts';
import { loadApprovals } from './load.ts';
import { policyUsergroups } from './usergroups.ts';

export interface ApproveAllSubmission {
  metadata: ApproveAllMetadata;
  userId: string;
}

/**
 * "Approve all as ROLE": the modal listing each item still waiting for that role, as it stands now
 * (title and version). Someone who may not approve as that role is told why privately instead.
 */
export async function openApproveAll(
  { deps, usergroups }: DecideContext,
  trigger: ModalTrigger,
  value: ApproveAllValue,
): Promise<void> {
  const tell = (text: string) => notifyUser(deps, { ...trigger, responseUrl: null }, text);
  const plan = await deps.store.getPlan(value.planId);
  if (!plan || plan.channelId !== trigger.channelId) return tell('This plan is no longer available here.');
  if (plan.status !== 'ready') return tell('This plan is not ready for approval yet.');
  if (plan.expiredAt) return tell(EXPIRED_MESSAGE);
  if (trigger.userId === plan.requesterId) return tell('You requested this plan, so you can’t approve it.');
  const members = await usergroups.membersOf(policyUsergroups(deps.policy));
  if (!rolesOf(deps.policy, trigger.userId, members).includes(value.role)) {
    return tell(`Only a holder of “${value.role}” can approve as “${value.role}”.`);
  }
  const waiting = waitingForRole((await loadApprovals(deps, plan)).items, value.role, trigger.userId).slice(
    0,
    APPROVE_ALL_MAX_ITEMS,
  );
  if (waiting.length === 0)
    return tell(`Nothing in “${plan.request.title}” waits for you as “${value.role}”.`);
  const metadata: ApproveAllMetadata = {
    planId: plan.id,
    role: value.role,
    channelId: plan.channelId,
    items: waiting.map((i) => ({
      itemKey: i.item.key,
      version: i.current.version,
      hash: i.current.contentHash,
    })),
  };
  const items = waiting.map((i) => ({ title: itemTitle(i.item), version: i.current.version }));
  await openModal(
    deps,
    trigger,
    () => buildApproveAllModal({ planTitle: plan.request.title, items, metadata }),
    'click the button',
  );
}

/**
 * The submission: one decision per item through the ordinary decide path (every rule applies per
 * item), each bound to the hash the modal showed. Then one private summary of what was approved
 * and what was left undecided, and why.
 */
export async function approveAll(context: DecideContext, submission: ApproveAllSubmission): Promise<void> {
  const { deps } = context;
  const { metadata, userId } = submission;
  const outcomes = [];
  for (const item of metadata.items) {
    const click = {
      ...item,
      planId: metadata.planId,
      role: metadata.role,
      userId,
      channelId: metadata.channelId,
    };
    outcomes.push({ itemKey: item.itemKey, outcome: await decide(context, click, 'approve', null) });
  }
  const plan = await deps.store.getPlan(metadata.planId);
  if (!plan) return;
  const titles = new Map((await loadApprovals(deps, plan)).items.map((i) => [i.item.key, itemTitle(i.item)]));
  const titleOf = (key: string) => titles.get(key) ?? key;
  const approved = outcomes.filter((o) => o.outcome.kind === 'recorded').map((o) => titleOf(o.itemKey));
  const skipped = outcomes.flatMap((o) =>
    o.outcome.kind === 'refused'
      ? [{ title: titleOf(o.itemKey), why: WHY[o.outcome.reason] ?? o.outcome.reason }]
      : [],
  );
  const where = { channelId: plan.channelId, threadTs: plan.rootTs, userId };
  await tellInThread(deps, where, buildApproveAllResult({ role: metadata.role, approved, skipped, userId }));
}

const WHY: Record<string, string> = {
  stale: 'it changed after you opened the form; review it and approve it on its message',
  one_role_per_person: 'you already count for another role on it',
  already_decided: 'you already decided on it',
  already_satisfied: 'its role is already covered',
  on_hold: 'changes were requested on it',
  self_approval: 'you requested this plan',
  not_holder: 'you do not hold the role',
  not_found: 'the plan is no longer available',
  expired: 'the plan’s approval expired',
};
