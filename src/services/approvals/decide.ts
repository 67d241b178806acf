import type { ItemApproval } from '../../approval/approvals.ts';
import type { DecisionKind, DecisionRecord } from '../../approval/decisions.ts';
import {
  type ClickDecision,
  decideClick,
  staleMessage,
  type UsergroupMembers,
} from '../../approval/policy.ts';
import { EXPIRED_MESSAGE } from '../../approval/timeouts.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { ServiceDeps } from '../deps.ts';
import { latestEvidence, staleEvidenceRefusal } from '../planning/evidence.ts';
import { publishItems } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { renderItem } from '../thread/section-messages.ts';
import { loadApprovals } from './load.ts';
import { refuse, refuseMissing } from './refusals.ts';
import type { DecisionOutcome, ItemClick } from './types.ts';
import { policyUsergroups, type UsergroupDirectory } from './usergroups.ts';

export interface DecideContext {
  deps: ServiceDeps;
  usergroups: UsergroupDirectory;
}

/** What the plan transaction found; its side effects on Slack happen after it commits. */
type Verdict =
  | { kind: 'missing' }
  | { kind: 'refused'; plan: PlanRecord; reason: string; message: string }
  | { kind: 'duplicate' }
  | { kind: 'recorded'; plan: PlanRecord; decision: DecisionRecord };

/**
 * One click decided: the approval policy applied to the item as it stands now, an accepted decision
 * recorded once and shown in place, a refusal audited and explained to the clicker. The check and the
 * write are one plan transaction, so two replicas deciding on one plan at the same instant take turns
 * and the second sees the first's decision.
 */
export async function decide(
  { deps, usergroups }: DecideContext,
  click: ItemClick,
  action: DecisionKind,
  reason: string | null,
): Promise<DecisionOutcome> {
  // Slack calls stay outside the transaction: it holds the plan's lock.
  const members = await usergroups.membersOf(policyUsergroups(deps.policy));
  const verdict = await deps.store.withPlanTransaction(click.planId, (store) =>
    judgeAndRecord({ ...deps, store }, click, action, reason, members),
  );
  switch (verdict.kind) {
    case 'missing':
      await refuseMissing(deps, click, action);
      return { kind: 'refused', reason: 'not_found' };
    case 'refused':
      await refuse(deps, verdict.plan, click, action, {
        reason: verdict.reason,
        safeMessage: verdict.message,
      });
      return { kind: 'refused', reason: verdict.reason };
    case 'duplicate':
      return duplicate(deps, click);
    case 'recorded':
      deps.metrics.decisionRecorded(verdict.decision.decision);
      await showDecision(deps, verdict.plan, verdict.decision.itemKey);
      deps.homes?.changed();
      return verdict;
  }
}

/** Inside the plan transaction: the item as it stands, the policy's answer, the decision stored once. */
async function judgeAndRecord(
  deps: Pick<ServiceDeps, 'store' | 'policy' | 'clock'>,
  click: ItemClick,
  action: DecisionKind,
  reason: string | null,
  members: UsergroupMembers,
): Promise<Verdict> {
  const plan = await deps.store.getPlan(click.planId);
  if (!plan || plan.channelId !== click.channelId) return { kind: 'missing' };
  if (plan.expiredAt) return { kind: 'refused', plan, reason: 'expired', message: EXPIRED_MESSAGE };
  const item = (await loadApprovals(deps, plan)).items.find((i) => i.item.key === click.itemKey);
  if (!item) return { kind: 'refused', plan, reason: 'stale', message: staleMessage(click.itemKey) };
  const evidence = await latestEvidence(deps, plan.id);
  // The scorecard is approved on evidence that still counts, never on a gate gone stale.
  const staleEvidence =
    action === 'approve' && click.itemKey === 'scorecard' && staleEvidenceRefusal(evidence, deps.clock.now());
  if (staleEvidence) return { kind: 'refused', plan, reason: 'evidence_stale', message: staleEvidence };
  const result = judge(deps, plan, item, click, action, members);
  if (result.kind === 'refuse') {
    return { kind: 'refused', plan, reason: result.reason, message: result.message };
  }
  if (result.kind === 'duplicate') return { kind: 'duplicate' };
  const decision = decisionOf(click, item, action, result.role, reason, deps.clock.now());
  // A raced repeat (the same person, item and content) is a duplicate, not a second decision.
  if (!(await deps.store.recordDecision(decision))) return { kind: 'duplicate' };
  // The evidence the plan showed when decided: an approval records what it was given on.
  await deps.store.appendAudit({
    kind: 'decision.recorded',
    planId: plan.id,
    actor: decision.userId,
    data: {
      itemKey: decision.itemKey,
      version: decision.version,
      hash: decision.contentHash,
      role: decision.role,
      decision: decision.decision,
      reason: decision.reason,
      ...(evidence ? { evidenceHash: evidence.hash } : {}),
    },
  });
  return { kind: 'recorded', plan, decision };
}

/** The approval policy applied to one click on the item as it stands. */
function judge(
  deps: Pick<ServiceDeps, 'policy'>,
  plan: PlanRecord,
  item: ItemApproval,
  click: ItemClick,
  action: DecisionKind,
  usergroupMembers: UsergroupMembers,
): ClickDecision {
  return decideClick({
    userId: click.userId,
    requesterId: plan.requesterId,
    action,
    item: { ...item.current, requiredRoles: item.requirements.roles },
    clickedHash: click.hash,
    clickedVersion: click.version,
    ...(action === 'approve' && click.role !== undefined ? { clickedRole: click.role } : {}),
    decisions: item.decisions,
    policy: deps.policy,
    usergroupMembers,
  });
}

function decisionOf(
  click: ItemClick,
  item: ItemApproval,
  action: DecisionKind,
  role: string,
  reason: string | null,
  at: Date,
): DecisionRecord {
  return {
    planId: click.planId,
    itemKey: click.itemKey,
    // The content-since version: one decision per person per run of unchanged content.
    version: item.current.version,
    contentHash: item.current.contentHash,
    userId: click.userId,
    role,
    decision: action,
    reason,
    createdAt: at.toISOString(),
  };
}

function duplicate(deps: ServiceDeps, click: ItemClick): DecisionOutcome {
  deps.logger.info(
    { planId: click.planId, itemKey: click.itemKey, userId: click.userId },
    'repeated decision ignored',
  );
  return { kind: 'duplicate' };
}

/**
 * The decided item's last message part (where the controls are) and the root, updated in place:
 * the item is what the person clicked, so it goes before plans' progress when Slack's budget is short.
 */
async function showDecision(deps: ServiceDeps, plan: PlanRecord, itemKey: string): Promise<void> {
  const messages = await renderItem(deps, plan, itemKey);
  const last = messages.at(-1);
  if (last) await publishItems(deps, plan, [last], 'person');
  await refreshRoot(deps, plan);
}
