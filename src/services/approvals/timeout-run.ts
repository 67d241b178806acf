import type { UsergroupMembers } from '../../approval/policy.ts';
import { dueWork, hasTimeouts, markReminded } from '../../approval/timeouts.ts';
import { isSlackRefusal } from '../thread/slack-errors.ts';
import type { DecideContext } from './decide.ts';
import { escalate, expire, remindPerson } from './timeout-actions.ts';
import { settleTimeouts } from './timeout-clocks.ts';
import { policyUsergroups } from './usergroups.ts';

/** A replica that dies holding due work lets it go after this long; a failed run is retried then too. */
const CLAIM_TTL_MS = 60_000;
/** Plans taken per pass; the rest wait for the next pass, a second later. */
const CLAIM_LIMIT = 25;

/**
 * One pass of the scheduler: claims the plans whose reminders, escalation or expiry are due (each by
 * one replica), does what is due, and records it with the next due time. Reminders are grouped per
 * person across plans: one direct message each. Work that failed keeps its claim until the claim
 * expires, and is done then. Returns how many plans were claimed.
 */
export async function runDueTimeouts(context: DecideContext): Promise<number> {
  const { deps, usergroups } = context;
  // Without timeouts in the policy nothing can be due: no query every second for nothing.
  if (!hasTimeouts(deps.policy.timeouts)) return 0;
  const ids = await deps.store.claimDueTimeouts(deps.replicaId, CLAIM_TTL_MS, CLAIM_LIMIT);
  if (ids.length === 0) return 0;
  const members = await usergroups.membersOf(policyUsergroups(deps.policy));
  const failed = new Set<string>();
  const remind = new Map<string, string[]>();
  for (const id of ids) {
    try {
      for (const userId of await doDueWork(context, id, members))
        remind.set(userId, [...(remind.get(userId) ?? []), id]);
    } catch (err) {
      deps.logger.error(
        { err, planId: id },
        'approval timeout work failed; it is retried when its claim expires',
      );
      failed.add(id);
    }
  }
  const touched = new Set(ids);
  const reminded = new Set<string>();
  for (const [userId, due] of remind) {
    try {
      for (const planId of await remindPerson(context, userId)) touched.add(planId);
      reminded.add(userId);
    } catch (err) {
      if (isSlackRefusal(err)) {
        // Asking again gets the same answer: this round counts as done, the next interval tries again.
        deps.logger.warn({ err, userId }, 'reminder refused by Slack; the next one is due at its interval');
        reminded.add(userId);
        continue;
      }
      deps.logger.error({ err, userId }, 'reminder not sent; it is retried when its claim expires');
      for (const planId of due) failed.add(planId);
    }
  }
  await recordReminders(context, touched, reminded, members);
  for (const id of ids) if (!failed.has(id)) await deps.store.releaseTimeouts(id, deps.replicaId);
  return ids.length;
}

/** Expiry or escalation of one plan, done now; returns the people with a reminder due on it. */
async function doDueWork(
  context: DecideContext,
  planId: string,
  members: UsergroupMembers,
): Promise<string[]> {
  const { deps } = context;
  const snapshot = await settleTimeouts(deps, planId, members);
  if (!snapshot) return [];
  const work = dueWork(snapshot.state, snapshot.waiting, snapshot.timeouts, deps.clock.now().getTime());
  if (work.expire) {
    await expire(context, snapshot);
    return [];
  }
  if (work.escalate.length > 0) await escalate(context, snapshot, work.escalate, members);
  return work.remind;
}

/**
 * Records, per plan, that these people were reminded of what waits for them there (so not again
 * within the interval), with an audit entry each; the plan's next due time follows.
 */
async function recordReminders(
  { deps }: DecideContext,
  planIds: Iterable<string>,
  people: ReadonlySet<string>,
  members: UsergroupMembers,
): Promise<void> {
  if (people.size === 0) return;
  const now = deps.clock.now().getTime();
  for (const planId of planIds) {
    const snapshot = await settleTimeouts(deps, planId, members, (state, waiting) =>
      markReminded(
        state,
        waiting.filter((p) => people.has(p.userId)),
        now,
      ),
    );
    for (const userId of people) {
      const items = snapshot?.waiting.filter((p) => p.userId === userId).map((p) => p.itemKey) ?? [];
      if (items.length === 0) continue;
      await deps.store.appendAudit({
        kind: 'timeout.reminded',
        planId,
        actor: null,
        data: { userId, items },
      });
    }
  }
}
