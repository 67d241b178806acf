import { AppError } from '../../errors.ts';
import type { ServiceDeps } from '../deps.ts';

/** Another replica holds the plan now: this one lost its lease (it was paused, or cut off, too long). */
export class LeaseLostError extends AppError {
  constructor(planId: string) {
    super('lease_lost', `another replica took over plan ${planId}`);
  }
}

/** True when work stopped because its lease was lost: nothing to report, the new holder carries on. */
export function leaseLost(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true && signal.reason instanceof LeaseLostError;
}

type Deps = Pick<ServiceDeps, 'store' | 'generating' | 'replicaId' | 'leaseMs' | 'logger'>;

/**
 * Runs `work` as the only generation or revision of a plan: in this process (an in-memory set) and
 * across replicas (a lease in the database, renewed while the work runs). Returns false, without
 * running it, when the plan is busy elsewhere. When a renewal finds that another replica took the
 * lease over, `signal` aborts: the work must stop posting.
 */
export async function withPlanLock(
  deps: Deps,
  planId: string,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<boolean> {
  if (deps.generating.has(planId)) return false;
  deps.generating.add(planId);
  try {
    if (!(await deps.store.acquireLease(planId, deps.replicaId, deps.leaseMs))) return false;
    const lost = new AbortController();
    const renew = setInterval(
      () => {
        deps.store
          .acquireLease(planId, deps.replicaId, deps.leaseMs)
          .then((held) => {
            if (!held && !lost.signal.aborted) lost.abort(new LeaseLostError(planId));
          })
          .catch((err: unknown) => deps.logger.warn({ err, planId }, 'could not renew the generation lease'));
      },
      Math.max(50, Math.floor(deps.leaseMs / 3)),
    );
    try {
      await work(lost.signal);
    } finally {
      clearInterval(renew);
      await deps.store.releaseLease(planId, deps.replicaId);
    }
    return true;
  } finally {
    deps.generating.delete(planId);
  }
}
