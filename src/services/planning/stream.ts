import { z } from 'zod';
import { responsibleRole } from '../../approval/requirements.ts';
import { allowedLinkHosts, reviewWanted } from '../../approval/roles.ts';
import type { EvidenceSnapshot } from '../../evidence/types.ts';
import { describeFindings } from '../../guard/findings.ts';
import { evidencePrompt } from '../../plan/evidence-prompt.ts';
import { type GuardedSection, guardSection } from '../../plan/guard-section.ts';
import type { ModelCallPurpose, ModelChoice } from '../../plan/model.ts';
import {
  planInstruction,
  renderRequest,
  SYSTEM_PROMPT,
  sectionRetryInstruction,
} from '../../plan/prompts.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { Plan, parseSection, SECTION_KEYS, SECTION_SCHEMAS, type Section } from '../../plan/schema.ts';
import type { ServiceDeps } from '../deps.ts';
import { adoptPostedParts } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { showMissingParts, showSection } from '../thread/section-messages.ts';
import { acceptSection, sectionRecord, storeSection } from './accept-section.ts';
import { decided, draftingEvidence } from './evidence.ts';
import { callModel } from './model-call.ts';
import { promptFreezes } from './prompt-freezes.ts';
import { reviewBeforePosting } from './review-gating.ts';
import { SectionQueue } from './section-queue.ts';
import type { SectionTimer } from './section-timer.ts';

export interface StreamRun {
  choice: ModelChoice;
  purpose: Extract<ModelCallPurpose, 'plan' | 'repair'>;
  /** Shared by the run's attempts (plan, repair, fallback), for time to first and last section. */
  timer: SectionTimer;
  /** Added to the instruction, e.g. why the previous answer could not be used. */
  note?: string;
  /** Aborts the run (the plan's lease was lost): nothing more is posted. */
  signal?: AbortSignal;
}

/**
 * Streams a plan from the model and posts each section as soon as it is complete; sections already
 * stored for this version (by an earlier, interrupted or failed run) stay and are not asked for, and
 * whatever of them that run did not get onto Slack is posted first.
 */
export async function streamPlan(deps: ServiceDeps, plan: PlanRecord, run: StreamRun): Promise<void> {
  const { choice, purpose, timer, note, signal } = run;
  const abort = new AbortController();
  signal?.addEventListener('abort', () => abort.abort(signal.reason), { once: true });
  const evidence = await draftingEvidence(deps, plan);
  const publish = async (section: Section) => {
    // Sections of many plans can complete in one moment: one is handled per turn, acks in between.
    await deps.backgroundTurn?.();
    signal?.throwIfAborted();
    await publishSection(deps, plan, choice, section, evidence);
    timer.sectionPosted();
  };
  const queue = new SectionQueue(publish, abort);
  const kept = await deps.store.listSections(plan.id, plan.version);
  // A run that died between posting a part and recording it left it on Slack: adopt, don't repost.
  if (kept.length > 0) await adoptPostedParts(deps, plan);
  for (const section of kept) {
    queue.published.add(section.key);
    // Stored is not posted: the run that stored it may have died or failed before posting it.
    if ((await showMissingParts(deps, plan, section)) > 0) await refreshRoot(deps, plan);
  }
  try {
    const instruction = planInstruction(kept.map((s) => ({ key: s.key, content: s.content })));
    timer.modelCallStarting();
    const result = await callModel(deps, plan, choice, purpose, {
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request, promptFreezes(deps, plan.request)) + evidencePrompt(evidence),
      prompt: note ? `${instruction}\n${note}` : instruction,
      schema: Plan,
      schemaName: 'release_plan',
      cacheKey: `release-plan:${plan.id}`,
      signal: abort.signal,
      onTopLevelValue: (key, value) => queue.offer(key, value),
    });
    await queue.drain();
    for (const key of SECTION_KEYS) {
      if (!queue.published.has(key)) await publish(parseSection(key, result.value[key]));
    }
  } catch (err) {
    await queue.settle();
    throw queue.error ?? err;
  }
}

/** One completed section: accepted (regenerated once if it broke the rules throughout), then shown. */
async function publishSection(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  drafted: Section,
  evidence: EvidenceSnapshot | undefined,
) {
  // The evidence decides the scorecard's policy gates before anything else looks at it.
  const raw = decided(deps, plan, drafted, evidence);
  const guarded = await acceptSection(deps, plan, raw, (first) =>
    regenerateSection(deps, plan, choice, raw, first, evidence),
  );
  // The gating rules wait for a second model's review; the stream goes on meanwhile.
  const accepted =
    raw.key === 'gating' && reviewWanted(deps.policy, plan.request)
      ? await reviewBeforePosting(deps, plan, choice, guarded)
      : guarded;
  await storeSection(deps, sectionRecord(plan, plan.version, accepted), accepted.notes);
  await showSection(deps, plan, accepted);
  // Not awaited: a root update waiting for Slack's budget must not hold up the next section.
  deps.rootProgress.show(deps, plan);
}

/** Asks once more for a section that was made of commands; if that fails too, the guarded first try stands. */
async function regenerateSection(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  raw: Section,
  first: GuardedSection,
  evidence: EvidenceSnapshot | undefined,
): Promise<GuardedSection> {
  const key = raw.key;
  try {
    const result = await callModel(deps, plan, choice, 'repair', {
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request, promptFreezes(deps, plan.request)) + evidencePrompt(evidence),
      prompt: sectionRetryInstruction(key, describeFindings(first.findings)),
      schema: z.object({ [key]: SECTION_SCHEMAS[key] }),
      schemaName: `release_plan_${key}`,
      cacheKey: `release-plan:${plan.id}`,
    });
    const defaultRole = responsibleRole(deps.policy, plan.request.riskClass);
    const again = await guardSection(
      decided(deps, plan, parseSection(key, result.value[key]), evidence),
      defaultRole,
      allowedLinkHosts(deps.policy),
    );
    return {
      ...again,
      notes: ['Regenerated once: the first draft broke the no-commands rule throughout.', ...again.notes],
    };
  } catch (err) {
    deps.logger.warn(
      { err, planId: plan.id, section: key },
      'section regeneration failed; posting with removals',
    );
    return first;
  }
}
