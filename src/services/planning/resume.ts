import type { PlanRecord } from '../../plan/record.ts';
import type { ServiceDeps } from '../deps.ts';
import { notifyUser, recipientIn } from '../thread/notices.ts';
import { resyncStaleRoots } from '../thread/root-message.ts';
import { generatePlan } from './generate.ts';

/**
 * Plans whose process died mid-stream (crash, SIGKILL, a lost replica) are resumed: the sections
 * already posted stay, the rest are generated and posted. One that cannot be resumed is marked failed
 * and its requester told.
 */
export async function resumeOrphanedPlans(deps: ServiceDeps): Promise<number> {
  const orphans = await deps.store.listOrphanedDrafts(deps.leaseMs);
  for (const plan of orphans) {
    if (deps.generating.has(plan.id)) continue;
    deps.logger.info({ planId: plan.id }, 'resuming a plan whose generation was interrupted');
    deps.jobs.run('resume', { planId: plan.id }, async () => {
      if (!plan.rootTs) await failUnresumable(deps, plan);
      else await generatePlan(deps, plan);
    });
  }
  return orphans.length;
}

/**
 * Looks for orphaned plans and for root messages that lag behind their plans now and then every
 * `everyMs`, until stopped.
 */
export function startResumeSweeper(deps: ServiceDeps, everyMs: number): () => void {
  const sweep = () => {
    resumeOrphanedPlans(deps).catch((err: unknown) => deps.logger.error({ err }, 'resume sweep failed'));
    resyncStaleRoots(deps).catch((err: unknown) => deps.logger.error({ err }, 'root resync failed'));
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}

/** A plan that died before its thread existed cannot be resumed; it is marked failed and said so. */
async function failUnresumable(deps: ServiceDeps, plan: PlanRecord): Promise<void> {
  await deps.store.setStatus(plan.id, 'failed', {
    code: 'interrupted',
    message: 'interrupted before posting',
  });
  await deps.store.appendAudit({
    kind: 'plan.failed',
    planId: plan.id,
    actor: null,
    data: { code: 'interrupted' },
  });
  // There is no thread to put a Retry button in; the requester is told privately instead.
  await notifyUser(
    deps,
    recipientIn(plan, plan.requesterId),
    `Your release plan “${plan.request.title}” was interrupted before it could be posted. Please run /release-plan again.`,
  );
}
