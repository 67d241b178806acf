import type { ServiceDeps } from './deps.ts';
import { failUnresumable, generatePlan } from './planning.ts';

/**
 * Plans whose process died mid-stream (crash, SIGKILL, a lost replica) are resumed: the sections
 * already posted stay, the rest are generated and posted. One that cannot be resumed is marked failed
 * with a Retry button.
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

/** Looks for orphaned plans now and then every `everyMs`, until stopped. */
export function startResumeSweeper(deps: ServiceDeps, everyMs: number): () => void {
  const sweep = () => {
    resumeOrphanedPlans(deps).catch((err: unknown) => deps.logger.error({ err }, 'resume sweep failed'));
  };
  sweep();
  const timer = setInterval(sweep, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
