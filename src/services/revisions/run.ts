import { responsibleRole } from '../../approval/requirements.ts';
import { allowedLinkHosts, reviewWanted } from '../../approval/roles.ts';
import type { EvidenceSnapshot } from '../../evidence/types.ts';
import { guardLinksIn } from '../../guard/links.ts';
import { guardValueThorough } from '../../guard/section.ts';
import { evidencePrompt } from '../../plan/evidence-prompt.ts';
import type { Feedback } from '../../plan/feedback.ts';
import type { GuardedSection } from '../../plan/guard-section.ts';
import type { ModelChoice } from '../../plan/model.ts';
import type { PlanRecord, SectionRecord } from '../../plan/record.ts';
import {
  buildRevisionPrompt,
  keepReviewCriteria,
  PlanRevision,
  REVISION_SCHEMA_NAME,
} from '../../plan/revision.ts';
import { ExitSection, parseSection, SECTION_KEYS, type Section, type SectionKey } from '../../plan/schema.ts';
import type { ServiceDeps } from '../deps.ts';
import { acceptSection, sectionRecord } from '../planning/accept-section.ts';
import { decided, latestEvidence } from '../planning/evidence.ts';
import { callModel, choiceOf } from '../planning/model-call.ts';
import { promptFreezes } from '../planning/prompt-freezes.ts';
import { type Attempt, withModelRecovery } from '../planning/recovery.ts';
import { reviewBeforePosting } from '../planning/review-gating.ts';
import { applyRevision, type NextVersion } from './apply.ts';
import { failRevision, refuseNotReady, reportNoChange } from './outcomes.ts';

/**
 * Applies one piece of feedback to the plan's current version: the model returns only the sections
 * it changes; those are accepted like any model output; the changed ones become version N+1.
 * A model failure leaves the current version as it is and says so in the thread, with Retry.
 */
export async function runRevision(deps: ServiceDeps, feedback: Feedback): Promise<void> {
  const plan = await deps.store.getPlan(feedback.planId);
  if (!plan?.rootTs) return;
  const current = await deps.store.listSections(plan.id, plan.version);
  if (plan.status !== 'ready' || current.length < SECTION_KEYS.length) {
    await refuseNotReady(deps, plan, feedback);
    return;
  }
  let next: NextVersion;
  try {
    const evidence = await latestEvidence(deps, plan.id);
    const revision = await withModelRecovery(
      deps,
      plan,
      choiceOf(deps, plan),
      revisionFallbackNotice,
      (attempt) => requestRevision(deps, plan, attempt, { current, feedback, evidence }),
    );
    next = await nextVersion(deps, plan, current, revision, evidence);
  } catch (err) {
    await failRevision(deps, plan, feedback, err);
    return;
  }
  if (next.changed.length === 0) {
    await reportNoChange(deps, plan, feedback, next.summary);
    return;
  }
  await applyRevision(deps, plan, feedback, current, next);
}

function revisionFallbackNotice(from: ModelChoice, to: ModelChoice, why: string): string {
  return `${from.label} kept failing (${why}); revising with ${to.label}, as the request allows.`;
}

/** The model call: the request and the current plan as the cacheable prefix, the feedback after. */
async function requestRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  attempt: Attempt,
  input: { current: readonly SectionRecord[]; feedback: Feedback; evidence: EvidenceSnapshot | undefined },
): Promise<PlanRevision> {
  const { current, feedback, evidence } = input;
  const prompt = buildRevisionPrompt({
    request: plan.request,
    version: plan.version,
    sections: Object.fromEntries(current.map((r) => [r.key, r.content])) as Record<SectionKey, unknown>,
    feedback: feedback.text,
    originalChars: feedback.originalChars,
    freezes: promptFreezes(deps, plan.request),
  });
  const purpose = attempt.recovery === 'repair' ? 'repair' : 'revision';
  const result = await callModel(deps, plan, attempt.choice, purpose, {
    system: prompt.system,
    prefix: prompt.prefix + evidencePrompt(evidence),
    prompt: attempt.note ? `${prompt.prompt}\n${attempt.note}` : prompt.prompt,
    schema: PlanRevision,
    schemaName: REVISION_SCHEMA_NAME,
    // Shared with the plan's first generation: the system prompt and request open both prompts.
    cacheKey: `release-plan:${plan.id}`,
  });
  return result.value;
}

/**
 * Every returned section is accepted (guarded, hashed) like any model output; those whose content
 * hash differs from the current one are the changes. Nothing is stored until they are applied.
 */
async function nextVersion(
  deps: ServiceDeps,
  plan: PlanRecord,
  current: readonly SectionRecord[],
  revision: PlanRevision,
  evidence: EvidenceSnapshot | undefined,
): Promise<NextVersion> {
  const version = plan.version + 1;
  const records: SectionRecord[] = [];
  const changed: GuardedSection[] = [];
  for (const previous of current) {
    const returned = revision[previous.key];
    const unchanged = { ...previous, version };
    if (returned === null) {
      records.push(unchanged);
      continue;
    }
    const raw = withReviewCriteria(plan, previous, parseSection(previous.key, returned));
    const candidate = await acceptSection(deps, plan, decided(deps, plan, raw, evidence));
    if (candidate.hash === previous.hash) {
      records.push(unchanged);
      continue;
    }
    const accepted = await reviewedIfWanted(deps, { ...plan, version }, candidate);
    records.push(sectionRecord(plan, version, accepted));
    changed.push(accepted);
  }
  const defaultRole = responsibleRole(deps.policy, plan.request.riskClass);
  const guarded = (await guardValueThorough(revision.summary, () => defaultRole, { root: 'summary' })).value;
  const summary = guardLinksIn(guarded, allowedLinkHosts(deps.policy), 'summary').value;
  return { records, changed, summary };
}

/** Changed gating rules of a plan that wants a second model's review are reviewed again, like the first draft. */
function reviewedIfWanted(
  deps: ServiceDeps,
  next: PlanRecord,
  section: GuardedSection,
): Promise<GuardedSection> {
  if (section.section.key !== 'gating' || !reviewWanted(deps.policy, next.request))
    return Promise.resolve(section);
  return reviewBeforePosting(deps, next, choiceOf(deps, next), section);
}

function withReviewCriteria(plan: PlanRecord, previous: SectionRecord, raw: Section): Section {
  if (raw.key !== 'exit') return raw;
  const before = ExitSection.safeParse(previous.content);
  if (!before.success) return raw;
  return {
    key: 'exit',
    value: keepReviewCriteria(before.data, raw.value, plan.request.options.reviewCriteria),
  };
}
