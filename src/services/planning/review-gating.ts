import { z } from 'zod';
import { responsibleRole } from '../../approval/requirements.ts';
import { allowedLinkHosts, hasPolicy } from '../../approval/roles.ts';
import { guardLinksIn } from '../../guard/links.ts';
import { guardValueThorough } from '../../guard/section.ts';
import { reviewerChoice } from '../../llm/choices.ts';
import { ModelError } from '../../llm/port.ts';
import type { GuardedSection } from '../../plan/guard-section.ts';
import type { ModelChoice } from '../../plan/model.ts';
import { renderRequest, SYSTEM_PROMPT } from '../../plan/prompts.ts';
import type { PlanRecord } from '../../plan/record.ts';
import {
  GatingReview,
  gatingRevisionInstruction,
  needsRevision,
  notReviewed,
  REVIEW_SCHEMA_NAME,
  type ReviewFinding,
  type ReviewOutcome,
  reviewOutcome,
  reviewPrompt,
} from '../../plan/review.ts';
import { GatingSection, parseSection, ScorecardSection, type SectionValue } from '../../plan/schema.ts';
import { codeWords } from '../../slack/blocks/failure-message.ts';
import type { ServiceDeps } from '../deps.ts';
import { acceptSection } from './accept-section.ts';
import { callModel, failureCodeOf } from './model-call.ts';
import { promptFreezes } from './prompt-freezes.ts';

type Review = { ok: true; findings: ReviewFinding[] } | { ok: false; reason: string };

/**
 * The gating section before it is posted: a second model reviews it; blocking findings make the
 * planning model revise that section once, and the revision is reviewed once more. A reviewer that
 * fails never blocks: the section goes out "not reviewed". Returns the section to post.
 */
export async function reviewBeforePosting(
  deps: ServiceDeps,
  plan: PlanRecord,
  planner: ModelChoice,
  accepted: GuardedSection,
): Promise<GuardedSection> {
  const reviewer = reviewerChoice(deps.choices, planner, deps.reviewModel);
  if (!reviewer) {
    await recordReview(deps, plan, accepted, notReviewed('no model', 'no reviewing model is configured'));
    return accepted;
  }
  const first = await review(deps, plan, reviewer, accepted);
  if (!first.ok || !needsRevision(first.findings)) {
    const outcome = first.ok
      ? reviewOutcome(reviewer.label, first.findings)
      : notReviewed(reviewer.label, first.reason);
    await recordReview(deps, plan, accepted, outcome);
    return accepted;
  }
  const revised = await reviseGating(deps, plan, planner, accepted, first.findings);
  if (!revised) {
    await recordReview(deps, plan, accepted, reviewOutcome(reviewer.label, first.findings, first.findings));
    return accepted;
  }
  const second = await review(deps, plan, reviewer, revised);
  const outcome = second.ok
    ? reviewOutcome(reviewer.label, first.findings, second.findings)
    : notReviewed(reviewer.label, `revised once; the re-review failed: ${second.reason}`);
  await recordReview(deps, plan, revised, outcome);
  return revised;
}

/** Reviews the gating section as it stands (Retry review): no revision, the findings are shown. */
export async function reviewAgain(
  deps: ServiceDeps,
  plan: PlanRecord,
  planner: ModelChoice,
  current: GuardedSection,
): Promise<void> {
  const reviewer = reviewerChoice(deps.choices, planner, deps.reviewModel);
  const result = reviewer ? await review(deps, plan, reviewer, current) : undefined;
  const label = reviewer?.label ?? 'no model';
  const outcome = result?.ok
    ? reviewOutcome(label, result.findings)
    : notReviewed(label, result?.reason ?? 'no reviewing model is configured');
  await recordReview(deps, plan, current, outcome);
}

/** One review call (one repair of output that does not validate); its output guarded like all model output. */
async function review(
  deps: ServiceDeps,
  plan: PlanRecord,
  reviewer: ModelChoice,
  section: GuardedSection,
): Promise<Review> {
  const prompt = reviewPrompt({
    request: plan.request,
    roles: Object.entries(deps.policy.roles).map(([name, r]) => ({ name, description: r.description })),
    matrix: hasPolicy(deps.policy) ? deps.policy.approvalMatrix : { low: [], medium: [], high: [] },
    gating: section.section.value as SectionValue<'gating'>,
    gates: await scorecardGates(deps, plan),
  });
  for (let attempt = 0; ; attempt++) {
    try {
      const note =
        attempt > 0 ? '\nYour previous answer did not match the schema; answer with JSON that does.' : '';
      const result = await callModel(deps, plan, reviewer, 'review', {
        ...prompt,
        prompt: `${prompt.prompt}${note}`,
        schema: GatingReview,
        schemaName: REVIEW_SCHEMA_NAME,
        cacheKey: `gating-review:${plan.id}`,
      });
      return { ok: true, findings: await guardFindings(deps, plan, result.value) };
    } catch (err) {
      if (attempt === 0 && err instanceof ModelError && err.code === 'invalid_output') continue;
      deps.logger.warn({ err, planId: plan.id }, 'gating review failed; posting the section not reviewed');
      return { ok: false, reason: codeWords(failureCodeOf(err)) };
    }
  }
}

async function guardFindings(
  deps: ServiceDeps,
  plan: PlanRecord,
  value: GatingReview,
): Promise<ReviewFinding[]> {
  const role = responsibleRole(deps.policy, plan.request.riskClass);
  const guarded = await guardValueThorough(value, () => role, { root: 'review' });
  const linked = guardLinksIn(guarded.value, allowedLinkHosts(deps.policy), 'review');
  return GatingReview.parse(linked.value).findings;
}

async function scorecardGates(deps: ServiceDeps, plan: PlanRecord) {
  const stored = (await deps.store.listSections(plan.id, plan.version)).find((s) => s.key === 'scorecard');
  const parsed = ScorecardSection.safeParse(stored?.content);
  return parsed.success ? parsed.data.gates : undefined;
}

/** The planning model's one revision of the gating section; undefined when it failed (the first stands). */
async function reviseGating(
  deps: ServiceDeps,
  plan: PlanRecord,
  planner: ModelChoice,
  current: GuardedSection,
  findings: readonly ReviewFinding[],
): Promise<GuardedSection | undefined> {
  try {
    const result = await callModel(deps, plan, planner, 'revision', {
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request, promptFreezes(deps, plan.request)),
      prompt: gatingRevisionInstruction(current.section.value as SectionValue<'gating'>, findings),
      schema: z.object({ gating: GatingSection }),
      schemaName: 'release_plan_gating',
      cacheKey: `release-plan:${plan.id}`,
    });
    return await acceptSection(deps, plan, parseSection('gating', result.value.gating));
  } catch (err) {
    deps.logger.warn({ err, planId: plan.id }, 'gating revision after review failed; the first draft stands');
    return undefined;
  }
}

async function recordReview(
  deps: Pick<ServiceDeps, 'store'>,
  plan: PlanRecord,
  section: GuardedSection,
  outcome: ReviewOutcome,
): Promise<void> {
  const reviewed = outcome.status === 'reviewed';
  await deps.store.appendAudit({
    kind: 'section.reviewed',
    planId: plan.id,
    actor: null,
    data: {
      key: 'gating',
      hash: section.hash,
      version: plan.version,
      reviewer: outcome.reviewer,
      status: outcome.status,
      reason: reviewed ? null : outcome.reason,
      found: reviewed ? outcome.found : 0,
      resolved: reviewed ? outcome.resolved : 0,
      findings: reviewed ? outcome.findings : [],
    },
  });
}
