import type { ModelChoice } from '../../plan/model.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { buildFailureMessage } from '../../slack/blocks/failure-message.ts';
import { trackTimeouts } from '../approvals/timeout-clocks.ts';
import type { ServiceDeps } from '../deps.ts';
import { postInThread } from '../thread/publish.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { choiceOf, failureCodeOf } from './model-call.ts';
import { leaseLost, withPlanLock } from './plan-lock.ts';
import { withModelRecovery } from './recovery.ts';
import { SectionTimer } from './section-timer.ts';
import { streamPlan } from './stream.ts';

/** Runs (or re-runs, after a failure) the model for a plan and streams its sections into the thread. */
export async function generatePlan(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await withPlanLock(deps, plan.id, (signal) => runGeneration(deps, plan, signal));
}

/**
 * Drafts the plan to the end, or says in the thread why it stopped (with Retry). The caller holds the
 * lock; `signal` aborts when it is lost, and then this replica stops without a word.
 */
export async function runGeneration(
  deps: ServiceDeps,
  plan: PlanRecord,
  signal?: AbortSignal,
): Promise<void> {
  const timer = new SectionTimer(deps.clock);
  deps.metrics.planStarted();
  try {
    await generateWithRecovery(deps, plan, choiceOf(deps, plan), timer, signal);
    signal?.throwIfAborted();
    await finishPlan(deps, plan);
    deps.metrics.planFinished(timer.timing());
  } catch (err) {
    if (leaseLost(signal)) {
      deps.logger.warn({ planId: plan.id }, 'lease lost: another replica carries on with this plan');
      return;
    }
    deps.metrics.planFailed(failureCodeOf(err), timer.timing());
    await failPlan(deps, plan, err);
  }
}

/** Drafting with the recoveries a failure allows (repair, once more after a dropped connection, fallback). */
async function generateWithRecovery(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  timer: SectionTimer,
  signal: AbortSignal | undefined,
): Promise<void> {
  await withModelRecovery(deps, plan, choice, draftingFallbackNotice, (attempt) =>
    streamPlan(deps, plan, {
      choice: attempt.choice,
      purpose: attempt.recovery === 'repair' ? 'repair' : 'plan',
      timer,
      ...(attempt.note ? { note: attempt.note } : {}),
      ...(signal ? { signal } : {}),
    }),
  );
}

function draftingFallbackNotice(from: ModelChoice, to: ModelChoice, why: string): string {
  return `${from.label} kept failing (${why}); drafting the rest with ${to.label}, as the request allows.`;
}

async function finishPlan(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await deps.store.setStatus(plan.id, 'ready', null);
  const ready: PlanRecord = { ...plan, status: 'ready', failure: null };
  // The progress updates first, so that none can land after the final state.
  await deps.rootProgress.settled(plan.id);
  await refreshRoot(deps, ready);
  await trackTimeouts(deps, plan.id);
  deps.homes?.changed();
  const sections = await deps.store.listSections(plan.id, plan.version);
  deps.logger.info({ planId: plan.id, version: plan.version, sections: sections.length }, 'plan ready');
  await deps.store.appendAudit({
    kind: 'plan.version',
    planId: plan.id,
    actor: null,
    data: { version: plan.version, sections: sections.map((s) => ({ key: s.key, hash: s.hash })) },
  });
}

/**
 * Says that drafting failed, each step on its own: the failure message with Retry comes first and does
 * not depend on the store or the root update succeeding (a root that could not be updated catches up
 * later, with its own Retry).
 */
async function failPlan(deps: ServiceDeps, plan: PlanRecord, err: unknown): Promise<void> {
  const code = failureCodeOf(err);
  const failure = { code, message: err instanceof Error ? err.message : String(err) };
  deps.logger.warn({ err, planId: plan.id, code }, 'plan generation failed');
  const failed: PlanRecord = { ...plan, status: 'failed', failure };
  const steps: [string, () => Promise<unknown>][] = [
    [
      'post the failure message',
      () =>
        postInThread(
          deps,
          plan,
          buildFailureMessage({ planId: plan.id, code, retryable: true, what: 'plan' }),
        ),
    ],
    ['record the failure', () => deps.store.setStatus(plan.id, 'failed', failure)],
    [
      'audit the failure',
      () => deps.store.appendAudit({ kind: 'plan.failed', planId: plan.id, actor: null, data: { code } }),
    ],
    [
      'update the root',
      async () => {
        await deps.rootProgress.settled(plan.id);
        return refreshRoot(deps, failed);
      },
    ],
  ];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (stepErr) {
      deps.logger.error({ err: stepErr, planId: plan.id }, `could not ${what}`);
    }
  }
}
