import type { PlanApprovals } from '../../approval/approvals.ts';
import { type Inbox, type InboxPlan, inboxOf } from '../../approval/inbox.ts';
import { itemTitle } from '../../approval/items.ts';
import { rolesOf } from '../../approval/policy.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { buildHomeView, HOME_CAPS, type HomeDecision } from '../../slack/blocks/app-home.ts';
import type { SlackPriority } from '../../slack/web-api.ts';
import type { ServiceDeps } from '../deps.ts';
import type { DecideContext } from './decide.ts';
import { loadApprovals } from './load.ts';
import { policyUsergroups } from './usergroups.ts';

/** How many recent plans an App Home looks through. */
export const HOME_PLAN_SCAN = 200;

/**
 * Publishes a person's App Home: the items they can decide now (checked against the policy, like a
 * click), the plans they requested, and their recent decisions. Never throws: a failure is logged.
 */
export async function publishHome(
  context: DecideContext,
  userId: string,
  priority: SlackPriority = 'person',
): Promise<void> {
  const { deps } = context;
  try {
    const { inbox, decisions } = await inboxFor(context, userId);
    const linked = [
      ...inbox.waiting.slice(0, HOME_CAPS.waitingPlans),
      ...inbox.mine.slice(0, HOME_CAPS.ownPlans),
    ];
    const permalinks = await permalinksOf(deps, linked, priority);
    decisions.sort((a, b) => b.at.localeCompare(a.at));
    const view = buildHomeView({ ...inbox, permalinks, decisions: decisions.slice(0, HOME_CAPS.decisions) });
    await deps.client.views.publish({ user_id: userId, view }, { priority });
  } catch (err) {
    deps.logger.warn({ err, userId }, 'App Home not published');
  }
}

/** What waits for a person and what they requested, across the recent plans, with their decisions. */
export async function inboxFor(
  { deps, usergroups }: DecideContext,
  userId: string,
): Promise<{ inbox: Inbox; decisions: HomeDecision[] }> {
  const members = await usergroups.membersOf(policyUsergroups(deps.policy));
  const roles = rolesOf(deps.policy, userId, members);
  const plans: InboxPlan[] = [];
  const decisions: HomeDecision[] = [];
  for (const plan of await deps.store.listRecentPlans(HOME_PLAN_SCAN)) {
    const approvals = await loadApprovals(deps, plan);
    plans.push({ plan, approvals });
    decisions.push(...decisionsBy(userId, plan, approvals));
  }
  return { inbox: inboxOf(userId, roles, plans), decisions };
}

/**
 * Links to the plans' threads, by plan id; a plan whose link Slack won't give is left out.
 * `priority`: whose call it is when chat.getPermalink's budget is short (reminders are `progress`).
 */
export async function permalinksOf(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  plans: readonly { planId: string; channelId: string; rootTs: string | null }[],
  priority: SlackPriority = 'progress',
): Promise<Map<string, string>> {
  const permalinks = new Map<string, string>();
  for (const plan of plans) {
    const url = plan.rootTs ? await permalinkOf(deps, plan.channelId, plan.rootTs, priority) : undefined;
    if (url) permalinks.set(plan.planId, url);
  }
  return permalinks;
}

function decisionsBy(userId: string, plan: PlanRecord, approvals: PlanApprovals): HomeDecision[] {
  return approvals.items.flatMap((i) =>
    i.decisions
      .filter((d) => d.userId === userId)
      .map((d) => ({
        planTitle: plan.request.title,
        itemTitle: itemTitle(i.item),
        role: d.role,
        decision: d.decision,
        at: d.createdAt,
      })),
  );
}

async function permalinkOf(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  channel: string,
  ts: string,
  priority: SlackPriority,
): Promise<string | undefined> {
  try {
    return (await deps.client.chat.getPermalink({ channel, message_ts: ts }, { priority })).permalink;
  } catch (err) {
    deps.logger.warn({ err, channel }, 'no permalink for the plan');
    return undefined;
  }
}
