import { setTimeout as sleep } from 'node:timers/promises';
import type { Feedback } from '../../plan/feedback.ts';
import type { ServiceDeps } from '../deps.ts';
import { withPlanLock } from '../planning/plan-lock.ts';

export interface FeedbackQueueOptions {
  /** How often queued feedback checks whether the plan's generation (or another run) has finished. */
  pollMs?: number;
  /** How long it waits for that before giving up on the feedback. */
  maxWaitMs?: number;
}

export interface FeedbackQueue {
  enqueue(feedback: Feedback): void;
  /** Applies the plan's queued feedback until none is left; returns at once if another caller is at it. */
  drain(planId: string): Promise<void>;
}

type Deps = Pick<ServiceDeps, 'store' | 'generating' | 'replicaId' | 'leaseMs' | 'logger' | 'clock'>;

/**
 * Feedback is applied per plan in the order it arrived, one revision at a time, holding the plan's
 * lock (shared with generation, and across replicas) so a plan never has two runs at once. The
 * queue is in memory; the feedback itself is stored on arrival, so a restart loses none of it.
 */
export function createFeedbackQueue(
  deps: Deps,
  apply: (feedback: Feedback) => Promise<void>,
  options: FeedbackQueueOptions = {},
): FeedbackQueue {
  const pollMs = options.pollMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const pending = new Map<string, Feedback[]>();
  const draining = new Set<string>();

  async function applySafely(feedback: Feedback): Promise<void> {
    try {
      await apply(feedback);
    } catch (err) {
      deps.logger.error({ err, planId: feedback.planId, feedbackId: feedback.id }, 'revision failed');
    }
  }

  async function runQueued(planId: string): Promise<void> {
    for (let next = pending.get(planId)?.shift(); next; next = pending.get(planId)?.shift()) {
      await applySafely(next);
    }
  }

  return {
    enqueue(feedback) {
      const queue = pending.get(feedback.planId) ?? [];
      queue.push(feedback);
      pending.set(feedback.planId, queue);
    },

    // The caller that finds the queue idle does the work; while the plan is drafting or busy
    // elsewhere it waits and tries again, until the deadline.
    async drain(planId) {
      if (draining.has(planId)) return;
      draining.add(planId);
      try {
        const deadline = deps.clock.now().getTime() + maxWaitMs;
        while ((pending.get(planId)?.length ?? 0) > 0) {
          if (await withPlanLock(deps, planId, () => runQueued(planId))) continue;
          if (deps.clock.now().getTime() > deadline) {
            deps.logger.warn({ planId }, 'plan stayed busy; queued feedback dropped');
            return;
          }
          await sleep(pollMs);
        }
      } finally {
        // No await between the queue found empty and this line: an enqueue cannot slip in between.
        draining.delete(planId);
        pending.delete(planId);
      }
    },
  };
}
