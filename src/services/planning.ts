import { z } from 'zod';
import { responsibleRole } from '../approval/requirements.ts';
import { errorMessage } from '../errors.ts';
import { describeFindings } from '../guard/findings.ts';
import { isMostlyUnsafe } from '../guard/section.ts';
import { ModelError } from '../llm/port.ts';
import { type GuardedSection, guardSection } from '../plan/guard-section.ts';
import { contentHash } from '../plan/hash.ts';
import type { ModelChoice } from '../plan/model.ts';
import { planInstruction, renderRequest, SYSTEM_PROMPT, sectionRetryInstruction } from '../plan/prompts.ts';
import type { PlanRecord } from '../plan/record.ts';
import type { PlanRequest } from '../plan/request.ts';
import { Plan, parseSection, SECTION_KEYS, SECTION_SCHEMAS, type Section } from '../plan/schema.ts';
import { buildFailureMessage } from '../slack/blocks/failure-message.ts';
import { buildNotice } from '../slack/blocks/notice.ts';
import { buildRootMessage } from '../slack/blocks/root-message.ts';
import type { ServiceDeps } from './deps.ts';
import { callModel, fallbackChoice } from './model-call.ts';
import { notifyUser } from './notify.ts';
import { withPlanLock } from './plan-lock.ts';
import { publishItems } from './plan-messages.ts';
import { renderSection } from './render.ts';
import { refreshRoot, rootViewOf } from './root.ts';
import { SectionQueue } from './section-queue.ts';

export interface Submission {
  submissionKey: string;
  teamId: string;
  channelId: string;
  requesterId: string;
  request: PlanRequest;
}

/** One plan per view submission: a second delivery of the same submission does nothing. */
export async function startPlan(deps: ServiceDeps, submission: Submission): Promise<void> {
  const { plan, created } = await deps.store.createPlan(submission);
  if (!created) {
    deps.logger.info({ planId: plan.id }, 'duplicate view submission ignored');
    return;
  }
  deps.logger.info(
    {
      planId: plan.id,
      channelId: plan.channelId,
      model: plan.request.modelChoice,
      title: plan.request.title,
    },
    'plan requested',
  );
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'plan.requested',
    actor: plan.requesterId,
    data: { request: plan.request },
  });
  // Locked from the start, so a resume sweep never takes a plan whose root is still being posted.
  await withPlanLock(deps, plan.id, async () => {
    const rootTs = await postRoot(deps, plan);
    await runGeneration(deps, { ...plan, rootTs });
  });
}

async function postRoot(deps: ServiceDeps, plan: PlanRecord): Promise<string> {
  try {
    const posted = await deps.client.chat.postMessage({
      channel: plan.channelId,
      ...buildRootMessage(await rootViewOf(deps, plan)),
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    await deps.store.setRootTs(plan.id, posted.ts);
    return posted.ts;
  } catch (err) {
    await deps.store.setStatus(plan.id, 'failed', { code: 'slack_post_failed', message: errorMessage(err) });
    throw err;
  }
}

/** Runs (or re-runs, after a failure) the model for a plan and streams its sections into the thread. */
export async function generatePlan(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await withPlanLock(deps, plan.id, () => runGeneration(deps, plan));
}

/** A plan that died before its thread existed cannot be resumed; it is marked failed and said so. */
export async function failUnresumable(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await deps.store.setStatus(plan.id, 'failed', {
    code: 'interrupted',
    message: 'interrupted before posting',
  });
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'plan.failed',
    actor: null,
    data: { code: 'interrupted' },
  });
  // There is no thread to put a Retry button in; the requester is told privately instead.
  await notifyUser(
    deps,
    { userId: plan.requesterId, channelId: plan.channelId, responseUrl: null },
    `Your release plan “${plan.request.title}” was interrupted before it could be posted. Please run /release-plan again.`,
  );
}

async function runGeneration(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  try {
    if (!choice)
      throw new ModelError('api_error', `Model ${plan.request.modelChoice} is no longer configured.`);
    await generateWithRecovery(deps, plan, choice);
    await finishPlan(deps, plan);
  } catch (err) {
    await failPlan(deps, plan, err);
  }
}

/** One repair attempt for unusable output; the other provider for a provider fault, if the request allows. */
async function generateWithRecovery(deps: ServiceDeps, plan: PlanRecord, choice: ModelChoice): Promise<void> {
  try {
    await attempt(deps, plan, choice, 'plan');
  } catch (err) {
    if (err instanceof ModelError && err.code === 'invalid_output') {
      deps.logger.info({ planId: plan.id, err: err.message }, 'model output unusable; one repair attempt');
      await attempt(deps, plan, choice, 'repair', repairNote(err));
      return;
    }
    const fallback = fallbackChoice(deps, plan, choice, err);
    if (!fallback) throw err;
    await postThreadNotice(
      deps,
      plan,
      `${choice.label} kept failing (${(err as ModelError).code.replace('_', ' ')}); drafting the rest with ${fallback.label}, as the request allows.`,
    );
    await attempt(deps, plan, fallback, 'plan');
  }
}

function repairNote(err: ModelError): string {
  return `Your previous answer could not be used (${err.message.slice(0, 500)}). Answer again with the complete plan as valid JSON that matches the schema exactly.`;
}

/** Streams a plan from the model and posts each section as it completes; sections already stored stay. */
async function attempt(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  purpose: 'plan' | 'repair',
  note?: string,
): Promise<void> {
  const abort = new AbortController();
  const queue = new SectionQueue((section) => publishSection(deps, plan, choice, section), abort);
  // Sections stored for this version were posted by an earlier, interrupted or failed run: they stay.
  const kept = await deps.store.listSections(plan.id, plan.version);
  for (const section of kept) queue.published.add(section.key);
  try {
    const instruction = planInstruction(kept.map((s) => ({ key: s.key, content: s.content })));
    const result = await callModel(deps, plan, choice, purpose, {
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request),
      prompt: note ? `${instruction}\n${note}` : instruction,
      schema: Plan,
      schemaName: 'release_plan',
      cacheKey: `release-plan:${plan.id}`,
      signal: abort.signal,
      onTopLevelValue: (key, value) => queue.offer(key, value),
    });
    await queue.drain();
    for (const key of SECTION_KEYS) {
      if (!queue.published.has(key))
        await publishSection(deps, plan, choice, parseSection(key, result.value[key]));
    }
  } catch (err) {
    await queue.settle();
    throw queue.error ?? err;
  }
}

/** Guards, stores and posts one completed section (regenerated once if it broke the rules throughout). */
async function publishSection(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  raw: Section,
): Promise<void> {
  const defaultRole = responsibleRole(deps.policy, plan.request.riskClass);
  let guarded = await guardSection(raw, defaultRole);
  if (isMostlyUnsafe(guarded.findings, raw.value)) {
    guarded = await regenerateSection(deps, plan, choice, raw, guarded, defaultRole);
  }
  const { section, notes } = guarded;
  await deps.store.saveSection({
    planId: plan.id,
    version: plan.version,
    key: section.key,
    content: section.value,
    hash: contentHash(section.value),
  });
  await publishItems(deps, plan, await renderSection(deps, plan, section, notes));
  await refreshRoot(deps, plan);
}

/** Asks once more for a section that was made of commands; if that fails too, the guarded first try stands. */
async function regenerateSection(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  raw: Section,
  first: GuardedSection,
  defaultRole: string,
): Promise<GuardedSection> {
  const key = raw.key;
  try {
    const result = await callModel(deps, plan, choice, 'repair', {
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request),
      prompt: sectionRetryInstruction(key, describeFindings(first.findings)),
      schema: z.object({ [key]: SECTION_SCHEMAS[key] }),
      schemaName: `release_plan_${key}`,
      cacheKey: `release-plan:${plan.id}`,
    });
    const again = await guardSection(parseSection(key, result.value[key]), defaultRole);
    return {
      ...again,
      notes: [`Regenerated once: the first draft broke the no-commands rule throughout.`, ...again.notes],
    };
  } catch (err) {
    deps.logger.warn(
      { err, planId: plan.id, section: key },
      'section regeneration failed; posting with removals',
    );
    return first;
  }
}

async function postThreadNotice(deps: ServiceDeps, plan: PlanRecord, text: string): Promise<void> {
  if (!plan.rootTs) return;
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs,
    ...buildNotice(text),
  });
}

async function finishPlan(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await deps.store.setStatus(plan.id, 'ready', null);
  const ready: PlanRecord = { ...plan, status: 'ready', failure: null };
  await refreshRoot(deps, ready);
  const sections = await deps.store.listSections(plan.id, plan.version);
  deps.logger.info({ planId: plan.id, version: plan.version, sections: sections.length }, 'plan ready');
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'plan.version',
    actor: null,
    data: { version: plan.version, sections: sections.map((s) => ({ key: s.key, hash: s.hash })) },
  });
}

async function failPlan(deps: ServiceDeps, plan: PlanRecord, err: unknown): Promise<void> {
  const code = err instanceof ModelError ? err.code : 'internal';
  const message = err instanceof Error ? err.message : String(err);
  deps.logger.warn({ err, planId: plan.id, code }, 'plan generation failed');
  await deps.store.setStatus(plan.id, 'failed', { code, message });
  await deps.store.appendAudit({ planId: plan.id, kind: 'plan.failed', actor: null, data: { code } });
  await refreshRoot(deps, { ...plan, status: 'failed', failure: { code, message } }, failureLine(code));
  if (!plan.rootTs) return;
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs,
    ...buildFailureMessage({ planId: plan.id, code, retryable: true, what: 'plan' }),
  });
}

function failureLine(code: string): string {
  return code === 'internal'
    ? 'Drafting stopped because of an internal error.'
    : `Drafting stopped (${code.replace('_', ' ')}).`;
}
