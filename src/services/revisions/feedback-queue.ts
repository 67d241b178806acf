import { setTimeout as sleep } from 'node:timers/promises';
import { answeredIds, type Feedback, mergeFeedback } from '../../plan/feedback.ts';
import { FEEDBACK_MAX_CHARS } from '../../plan/revision.ts';
import type { ServiceDeps } from '../deps.ts';
import { withPlanLock } from '../planning/plan-lock.ts';

export interface FeedbackQueueOptions {
  /** How often a drain checks whether the plan's generation (or another replica's run) has finished. */
  pollMs?: number;
  /** How long a drain waits for that; then the feedback waits in the database for the next sweep. */
  maxWaitMs?: number;
}

export interface DrainOptions {
  /** False: try once and leave the plan to whoever holds it (what a periodic sweep wants). */
  wait?: boolean;
}

export interface FeedbackQueue {
  /**
   * Applies the plan's unanswered feedback, oldest first, until none is left. Returns at once if this
   * process is already at it (that drain picks the new feedback up).
   */
  drain(planId: string, options?: DrainOptions): Promise<void>;
}

type Deps = Pick<ServiceDeps, 'store' | 'generating' | 'replicaId' | 'leaseMs' | 'logger' | 'clock'>;

/** A revision that throws (not one that fails cleanly) is tried this often before it is given up. */
const MAX_ATTEMPTS = 3;

/**
 * The queue is the database: feedback is stored on arrival, and the replica holding the plan's lease
 * applies the plan's unanswered feedback in the database's arrival order, one revision at a time,
 * whichever replica received each piece. A drain re-reads the queue after releasing the lease, so
 * feedback stored while it was finishing is never stranded; a replica that dies leaves its feedback
 * unanswered for the next sweep.
 */
export function createFeedbackQueue(
  deps: Deps,
  apply: (feedback: Feedback) => Promise<void>,
  options: FeedbackQueueOptions = {},
): FeedbackQueue {
  const pollMs = options.pollMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const draining = new Set<string>();
  const again = new Set<string>();
  const attempts = new Map<string, number>();

  /** False when the revision threw: the feedback stays unanswered and this drain stops. */
  async function applySafely(feedback: Feedback): Promise<boolean> {
    try {
      await apply(feedback);
      attempts.delete(`${feedback.planId}:${feedback.id}`);
      return true;
    } catch (err) {
      deps.logger.error({ err, planId: feedback.planId, feedbackId: feedback.id }, 'revision failed');
      await giveUpAfterRepeatedFailures(feedback);
      return false;
    }
  }

  async function giveUpAfterRepeatedFailures(feedback: Feedback): Promise<void> {
    const key = `${feedback.planId}:${feedback.id}`;
    const count = (attempts.get(key) ?? 0) + 1;
    attempts.set(key, count);
    if (count < MAX_ATTEMPTS) return;
    attempts.delete(key);
    try {
      for (const id of answeredIds(feedback)) await deps.store.answerFeedback(feedback.planId, id, 'failed');
    } catch (err) {
      deps.logger.error({ err, planId: feedback.planId }, 'could not give up on feedback');
    }
  }

  // Replies that arrived while a revision ran are folded into the next one: one model call and one
  // thread message for a burst, however many replies it had.
  async function applyAll(planId: string): Promise<void> {
    for (;;) {
      const next = mergeFeedback(await deps.store.listUnansweredFeedback(planId), FEEDBACK_MAX_CHARS);
      if (!next || !(await applySafely(next))) return;
    }
  }

  async function drainOnce(planId: string, wait: boolean): Promise<void> {
    const deadline = deps.clock.now().getTime() + maxWaitMs;
    for (;;) {
      again.delete(planId);
      if (await withPlanLock(deps, planId, () => applyAll(planId))) {
        // Feedback stored while the lease was being released is this drain's to apply.
        const left = await deps.store.listUnansweredFeedback(planId);
        if (left.length === 0 && !again.has(planId)) return;
        continue;
      }
      if (!wait || deps.clock.now().getTime() > deadline) {
        if (wait) deps.logger.warn({ planId }, 'plan stayed busy; its feedback waits for the next sweep');
        return;
      }
      await sleep(pollMs);
    }
  }

  return {
    async drain(planId, { wait = true } = {}) {
      if (draining.has(planId)) {
        again.add(planId);
        return;
      }
      draining.add(planId);
      try {
        await drainOnce(planId, wait);
      } finally {
        draining.delete(planId);
        again.delete(planId);
      }
    },
  };
}
