import type { ServiceDeps } from '../deps.ts';

type Deps = Pick<ServiceDeps, 'store' | 'generating' | 'replicaId' | 'leaseMs' | 'logger'>;

/**
 * Runs `work` as the only generation or revision of a plan: in this process (an in-memory set) and
 * across replicas (a lease in the database, renewed while the work runs). Returns false, without
 * running it, when the plan is busy elsewhere.
 */
export async function withPlanLock(deps: Deps, planId: string, work: () => Promise<void>): Promise<boolean> {
  if (deps.generating.has(planId)) return false;
  deps.generating.add(planId);
  try {
    if (!(await deps.store.acquireLease(planId, deps.replicaId, deps.leaseMs))) return false;
    const renew = setInterval(
      () => {
        deps.store.acquireLease(planId, deps.replicaId, deps.leaseMs).catch((err: unknown) => {
          deps.logger.warn({ err, planId }, 'could not renew the generation lease');
        });
      },
      Math.max(50, Math.floor(deps.leaseMs / 3)),
    );
    try {
      await work();
    } finally {
      clearInterval(renew);
      await deps.store.releaseLease(planId, deps.replicaId);
    }
    return true;
  } finally {
    deps.generating.delete(planId);
  }
}
