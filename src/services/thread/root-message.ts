import type { z } from 'zod';
import type { PlanApprovals } from '../../approval/approvals.ts';
import { rolesWaiting } from '../../approval/bulk.ts';
import { itemTitle } from '../../approval/items.ts';
import { hasPolicy } from '../../approval/roles.ts';
import { overallAt } from '../../evidence/scorecard.ts';
import { checkCoverage } from '../../guard/coverage.ts';
import { addUsage, NO_USAGE, type Usage } from '../../plan/model.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import { openBlocking, reviewLine } from '../../plan/review.ts';
import { Plan, ScorecardSection, SECTION_KEYS } from '../../plan/schema.ts';
import { stoppedLine } from '../../slack/blocks/failure-message.ts';
import { buildRootMessage, type RootApprovals, type RootView } from '../../slack/blocks/root-message.ts';
import { announceIfApproved, announceReady } from '../approvals/announcements.ts';
import { loadApprovals } from '../approvals/load.ts';
import type { ServiceDeps } from '../deps.ts';
import { latestEvidence } from '../planning/evidence.ts';
import { plansFreezeNotice } from './freeze-notice.ts';
import { postInChannel, updateMessage } from './publish.ts';
import { latestReview } from './review-record.ts';

type ViewDeps = Pick<ServiceDeps, 'store' | 'choices' | 'policy' | 'clock'>;

/** Everything the root message shows, read from the store: the one place it is worked out. */
export async function rootViewOf(
  deps: ViewDeps,
  plan: PlanRecord,
  approvals?: PlanApprovals,
): Promise<RootView> {
  const sections = await deps.store.listSections(plan.id, plan.version);
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  const state = plan.status;
  const scorecard = sections.find((s) => s.key === 'scorecard');
  const planApprovals = approvals ?? (await loadApprovals(deps, plan));
  const gating = sections.find((s) => s.key === 'gating');
  const review = gating ? await latestReview(deps, plan.id, gating.hash) : undefined;
  const snapshot = state === 'ready' ? await latestEvidence(deps, plan.id) : undefined;
  return {
    planId: plan.id,
    title: plan.request.title,
    requesterId: plan.requesterId,
    riskClass: plan.request.riskClass,
    modelLabel: choice?.label ?? plan.request.modelChoice,
    version: plan.version,
    state,
    sectionsDone: Math.min(sections.length, SECTION_KEYS.length),
    scorecard:
      state === 'ready' && scorecard
        ? capStatus(
            overallAt(ScorecardSection.parse(scorecard.content), snapshot, deps.clock.now()),
            planApprovals,
            openBlocking(review),
          )
        : undefined,
    usage: state === 'drafting' ? undefined : await usageOf(deps, plan.id),
    failure: state === 'failed' ? stoppedLine(plan.failure?.code) : undefined,
    approvals: rootApprovals(deps, planApprovals),
    freezeNotice: plansFreezeNotice(plan, planApprovals, { policy: deps.policy, now: deps.clock.now() }),
    coverage: state === 'ready' ? coverageOf(deps, plan, sections) : undefined,
    review: review && reviewLine(review),
    approveAllRoles: state === 'ready' ? rolesWaiting(planApprovals.items) : [],
    evidence: snapshot && { snapshot, now: deps.clock.now() },
    ...(plan.expiredAt ? { expiredAt: plan.expiredAt } : {}),
  };
}

type Scorecard = z.infer<typeof ScorecardSection>;

/**
 * A target window in a freeze, or blocking review findings still open (they count as unknown): the
 * readiness shown on the root is no better than yellow either.
 */
function capStatus(
  card: Scorecard,
  approvals: Pick<PlanApprovals, 'freezes'>,
  openFindings: number,
): Scorecard {
  return (approvals.freezes.length > 0 || openFindings > 0) && card.overall_status === 'green'
    ? { ...card, overall_status: 'yellow' }
    : card;
}

/** Posts a new plan's root message in its channel and records its ts: the thread starts here. */
export async function postRootMessage(deps: ServiceDeps, plan: PlanRecord): Promise<string> {
  const ts = await postInChannel(deps, plan.channelId, buildRootMessage(await rootViewOf(deps, plan)));
  await deps.store.setRootTs(plan.id, ts);
  return ts;
}

/**
 * Updates the plan's root message in place, then says in the thread what the new state calls for
 * (once each): that approvals need a policy file, or that the plan turned green. The root is a view
 * of the store: when Slack refuses the update, the plan goes on, the root is marked as lagging and
 * the sweeper re-renders it once Slack answers again (false is returned).
 */
export async function refreshRoot(deps: ServiceDeps, plan: PlanRecord): Promise<boolean> {
  if (!plan.rootTs) return false;
  const approvals = await loadApprovals(deps, plan);
  const message = buildRootMessage(await rootViewOf(deps, plan, approvals));
  try {
    await updateMessage(deps, plan.channelId, plan.rootTs, message);
  } catch (err) {
    deps.logger.warn({ err, planId: plan.id }, 'root message not updated; it will catch up');
    await deps.store.setRootStale(plan.id, true);
    return false;
  }
  await announceReady(deps, plan);
  await announceIfApproved(deps, plan, approvals);
  return true;
}

/** Re-renders the root messages that lag behind their plans (an update failed), oldest first. */
export async function resyncStaleRoots(deps: ServiceDeps): Promise<number> {
  let synced = 0;
  for (const stale of await deps.store.listStaleRoots()) {
    // Re-read: the plan may have moved on since it was marked.
    const plan = (await deps.store.getPlan(stale.id)) ?? stale;
    if (!(await refreshRoot(deps, plan))) return synced;
    await deps.store.setRootStale(plan.id, false);
    synced += 1;
  }
  return synced;
}

/** The plan checked against the request by code: gates, connectors and roles it leaves out. */
function coverageOf(deps: Pick<ServiceDeps, 'policy'>, plan: PlanRecord, sections: readonly SectionRecord[]) {
  const parsed = Plan.safeParse(Object.fromEntries(sections.map((s) => [s.key, s.content])));
  if (!parsed.success) return undefined;
  return checkCoverage(parsed.data, plan.request, deps.policy.approvalMatrix[plan.request.riskClass]);
}

function rootApprovals(deps: Pick<ServiceDeps, 'policy'>, approvals: PlanApprovals): RootApprovals {
  return {
    policyConfigured: hasPolicy(deps.policy),
    colour: approvals.colour,
    items: approvals.items.map((i) => ({
      title: itemTitle(i.item),
      status: i.state.status,
      approved: i.state.approvedBy.length,
      required: i.requirements.roles.length,
    })),
  };
}

async function usageOf(deps: Pick<ServiceDeps, 'store'>, planId: string): Promise<Usage> {
  const calls = await deps.store.listModelCalls(planId);
  return calls.reduce((sum, call) => addUsage(sum, call.usage), NO_USAGE);
}
