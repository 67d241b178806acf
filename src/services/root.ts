import type { PlanApprovals } from '../approval/approvals.ts';
import { itemTitle } from '../approval/items.ts';
import { hasPolicy } from '../approval/policy-file.ts';
import { checkCoverage } from '../guard/coverage.ts';
import type { Usage } from '../plan/model.ts';
import type { PlanRecord, SectionRecord } from '../plan/record.ts';
import { Plan, ScorecardSection, SECTION_KEYS } from '../plan/schema.ts';
import { buildRootMessage, type RootApprovals, type RootView } from '../slack/blocks/root-message.ts';
import { announceIfApproved, announceReady } from './approval-announcements.ts';
import { loadApprovals } from './approvals/load.ts';
import type { ServiceDeps } from './deps.ts';

/** Everything the root message shows, read from the store: the one place it is worked out. */
export async function rootViewOf(
  deps: Pick<ServiceDeps, 'store' | 'choices' | 'policy'>,
  plan: PlanRecord,
  failure?: string,
  approvals?: PlanApprovals,
): Promise<RootView> {
  const sections = await deps.store.listSections(plan.id, plan.version);
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  const state = plan.status === 'failed' ? 'failed' : plan.status === 'ready' ? 'ready' : 'drafting';
  const scorecard = sections.find((s) => s.key === 'scorecard');
  return {
    planId: plan.id,
    title: plan.request.title,
    requesterId: plan.requesterId,
    riskClass: plan.request.riskClass,
    modelLabel: choice?.label ?? plan.request.modelChoice,
    version: plan.version,
    state,
    sectionsDone: Math.min(sections.length, SECTION_KEYS.length),
    scorecard: state === 'ready' && scorecard ? ScorecardSection.parse(scorecard.content) : undefined,
    usage: state === 'drafting' ? undefined : await usageOf(deps, plan.id),
    failure,
    approvals: rootApprovals(deps, approvals ?? (await loadApprovals(deps, plan))),
    coverage: state === 'ready' ? coverageOf(deps, plan, sections) : undefined,
  };
}

/** The plan checked against the request by code: gates, connectors and roles it leaves out. */
function coverageOf(
  deps: Pick<ServiceDeps, 'policy'>,
  plan: PlanRecord,
  sections: readonly SectionRecord[],
): RootView['coverage'] {
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
  return calls.reduce(
    (sum, c) => ({
      inputTokens: sum.inputTokens + c.usage.inputTokens,
      outputTokens: sum.outputTokens + c.usage.outputTokens,
      cachedInputTokens: sum.cachedInputTokens + c.usage.cachedInputTokens,
    }),
    { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 },
  );
}

/**
 * Updates the plan's root message in place, then says in the thread what the new state calls for
 * (once each): that approvals need a policy file, or that the plan turned green.
 */
export async function refreshRoot(deps: ServiceDeps, plan: PlanRecord, failure?: string): Promise<void> {
  if (!plan.rootTs) return;
  const approvals = await loadApprovals(deps, plan);
  await deps.client.chat.update({
    channel: plan.channelId,
    ts: plan.rootTs,
    ...buildRootMessage(await rootViewOf(deps, plan, failure, approvals)),
    parse: 'none',
  });
  await announceReady(deps, plan);
  await announceIfApproved(deps, plan, approvals);
}
