import { errorMessage } from '../errors.ts';
import { type ModelChoice, ModelError } from '../llm/port.ts';
import { guardSection } from '../plan/guard-section.ts';
import { contentHash } from '../plan/hash.ts';
import { planInstruction, renderRequest, SYSTEM_PROMPT } from '../plan/prompts.ts';
import type { PlanRequest } from '../plan/request.ts';
import { Plan, parseSection, SECTION_KEYS, type Section } from '../plan/schema.ts';
import { responsibleRole } from '../review/items.ts';
import { buildFailureMessage } from '../slack/blocks/failure-message.ts';
import { buildRootMessage } from '../slack/blocks/root-message.ts';
import type { PlanRecord } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
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
export async function startPlan(deps: ServiceDeps, submission: Submission): Promise<PlanRecord | undefined> {
  const { plan, created } = await deps.store.createPlan(submission);
  if (!created) {
    deps.logger.info({ planId: plan.id }, 'duplicate view submission ignored');
    return undefined;
  }
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
  return plan;
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
}

async function runGeneration(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  const model = choice && deps.models[choice.provider];
  if (!choice || !model) {
    await failPlan(
      deps,
      plan,
      new ModelError('api_error', `Model ${plan.request.modelChoice} is no longer configured.`),
    );
    return;
  }
  const abort = new AbortController();
  const queue = new SectionQueue((section) => publishSection(deps, plan, section), abort);
  // Sections stored for this version were posted by an earlier, interrupted or failed run: they stay.
  const kept = await deps.store.listSections(plan.id, plan.version);
  for (const section of kept) queue.published.add(section.key);
  const started = Date.now();
  try {
    const result = await model.generate({
      model: choice.model,
      system: SYSTEM_PROMPT,
      prefix: renderRequest(plan.request),
      prompt: planInstruction(kept.map((s) => ({ key: s.key, content: s.content }))),
      schema: Plan,
      schemaName: 'release_plan',
      maxOutputTokens: deps.maxOutputTokens,
      cacheKey: `release-plan:${plan.id}`,
      signal: abort.signal,
      onTopLevelValue: (key, value) => queue.offer(key, value),
    });
    await queue.drain();
    for (const key of SECTION_KEYS) {
      if (!queue.published.has(key)) await publishSection(deps, plan, parseSection(key, result.value[key]));
    }
    await recordCall(deps, plan, choice, result.usage, result.latencyMs, 'ok');
    await finishPlan(deps, plan);
  } catch (err) {
    await queue.settle();
    const failure = queue.error ?? err;
    if (failure instanceof ModelError) {
      const usage = failure.usage ?? { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 };
      await recordCall(deps, plan, choice, usage, Date.now() - started, failure.code);
    }
    await failPlan(deps, plan, failure);
  }
}

/** Validates, guards, stores and posts one completed section. */
async function publishSection(deps: ServiceDeps, plan: PlanRecord, raw: Section): Promise<void> {
  const defaultRole = responsibleRole(deps.policy, plan.request.riskClass);
  const { section, notes } = guardSection(raw, defaultRole);
  const hash = contentHash(section.value);
  await deps.store.saveSection({
    planId: plan.id,
    version: plan.version,
    key: section.key,
    content: section.value,
    hash,
  });
  await publishItems(deps, plan, await renderSection(deps, plan, section, notes));
  await refreshRoot(deps, plan);
}

async function finishPlan(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await deps.store.setStatus(plan.id, 'ready', null);
  const ready: PlanRecord = { ...plan, status: 'ready', failure: null };
  await refreshRoot(deps, ready);
  const sections = await deps.store.listSections(plan.id, plan.version);
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

async function recordCall(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  usage: { inputTokens: number; outputTokens: number; cachedInputTokens: number },
  latencyMs: number,
  outcome: string,
): Promise<void> {
  const call = {
    planId: plan.id,
    purpose: 'plan' as const,
    provider: choice.provider,
    model: choice.model,
    usage,
    latencyMs,
    outcome,
    createdAt: new Date().toISOString(),
  };
  await deps.store.recordModelCall(call);
  await deps.store.appendAudit({ planId: plan.id, kind: 'model.call', actor: null, data: call });
}
