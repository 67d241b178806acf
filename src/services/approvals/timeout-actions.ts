import { itemTitle } from '../../approval/items.ts';
import { holdersOf, type UsergroupMembers } from '../../approval/policy.ts';
import { markEscalated } from '../../approval/timeouts.ts';
import { errorMessage } from '../../errors.ts';
import {
  buildEscalationDm,
  buildEscalationMessage,
  buildExpiryNotice,
  buildReminderMessage,
  type EscalationInput,
  REMINDER_CAPS,
} from '../../slack/blocks/timeouts.ts';
import type { ServiceDeps } from '../deps.ts';
import { postInChannel, postInThread, publishItems } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { renderItem } from '../thread/section-messages.ts';
import { isSlackRefusal } from '../thread/slack-errors.ts';
import type { DecideContext } from './decide.ts';
import { inboxFor, permalinksOf } from './home.ts';
import { settleTimeouts, type TimeoutSnapshot } from './timeout-clocks.ts';

/**
 * One direct message to a person listing everything that waits for them now, across plans. Returns
 * the plans it listed (their reminders are then recorded), or none when nothing waits any more.
 */
export async function remindPerson(context: DecideContext, userId: string): Promise<string[]> {
  const { deps } = context;
  const { inbox } = await inboxFor(context, userId);
  if (inbox.waiting.length === 0) return [];
  const permalinks = await permalinksOf(deps, inbox.waiting.slice(0, REMINDER_CAPS.plans));
  await postInChannel(deps, userId, buildReminderMessage({ waiting: inbox.waiting, permalinks }));
  deps.metrics.timeoutAction('reminder');
  return inbox.waiting.map((p) => p.planId);
}

/**
 * Tells the escalation role that items have waited too long: in the plan's thread, mentioning its
 * holders, and by direct message to each. Who may approve does not change. The thread post must
 * succeed (or the escalation is due again); a direct message that fails is logged.
 */
export async function escalate(
  { deps }: DecideContext,
  snapshot: TimeoutSnapshot,
  itemKeys: readonly string[],
  members: UsergroupMembers,
): Promise<void> {
  const { plan, approvals, timeouts, state } = snapshot;
  const escalation = timeouts.escalation;
  if (!escalation) return;
  const holders = holdersOf(deps.policy, escalation.role, members);
  const input: EscalationInput = {
    planTitle: plan.request.title,
    role: escalation.role,
    holders,
    afterMs: escalation.afterMs,
    items: approvals.items
      .filter((i) => itemKeys.includes(i.item.key))
      .map((i) => ({
        title: itemTitle(i.item),
        waitingFor: i.state.status === 'pending' ? i.state.openRoles : [],
        since: new Date(state.clocks[i.item.key]?.startedAt ?? deps.clock.now().getTime()).toISOString(),
      })),
  };
  try {
    await postInThread(deps, plan, buildEscalationMessage(input));
  } catch (err) {
    // An archived channel or a removed bot answers the same every time: the DMs still go.
    if (!isSlackRefusal(err)) throw err;
    deps.logger.warn({ err, planId: plan.id }, 'escalation not posted in the thread; sent by direct message');
  }
  const now = deps.clock.now().getTime();
  await settleTimeouts(deps, plan.id, members, (s) => markEscalated(s, itemKeys, now));
  await deps.store.appendAudit({
    kind: 'timeout.escalated',
    planId: plan.id,
    actor: null,
    data: { role: escalation.role, items: [...itemKeys], notified: holders },
  });
  deps.metrics.timeoutAction('escalation');
  const permalink = (await permalinksOf(deps, [{ planId: plan.id, ...plan }])).get(plan.id);
  for (const holder of holders)
    await dmQuietly(deps, holder, () => buildEscalationDm({ ...input, permalink }));
}

async function dmQuietly(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  userId: string,
  build: () => ReturnType<typeof buildEscalationDm>,
): Promise<void> {
  try {
    await postInChannel(deps, userId, build());
  } catch (err) {
    deps.logger.warn({ userId, err: errorMessage(err) }, 'escalation not sent by direct message');
  }
}

/**
 * The plan expires: recorded once (no more decisions from here on, whatever a button still says),
 * then every undecided item loses its buttons, the root turns red, and the requester is told how
 * to start again.
 */
export async function expire({ deps }: DecideContext, snapshot: TimeoutSnapshot): Promise<void> {
  const { approvals, timeouts } = snapshot;
  if (!(await deps.store.expirePlan(snapshot.plan.id))) return;
  const open = approvals.items.filter((i) => i.state.status !== 'approved').map((i) => i.item.key);
  await deps.store.appendAudit({
    kind: 'plan.expired',
    planId: snapshot.plan.id,
    actor: null,
    data: { version: snapshot.plan.version, pending: open },
  });
  deps.metrics.timeoutAction('expiry');
  const plan = (await deps.store.getPlan(snapshot.plan.id)) ?? snapshot.plan;
  for (const key of open) {
    const last = (await renderItem(deps, plan, key)).at(-1);
    if (last) await publishItems(deps, plan, [last], 'progress');
  }
  await refreshRoot(deps, plan);
  deps.homes?.changed();
  const afterMs = timeouts.expireAfterMs ?? 0;
  await postInThread(deps, plan, buildExpiryNotice({ requesterId: plan.requesterId, afterMs }));
}
