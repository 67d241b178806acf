import { KeyedSerial } from '../../lib/serial.ts';
import type { Feedback } from '../../plan/feedback.ts';
import { deliveryClaimKey } from '../../store/claim-retention.ts';
import { isStoreUnavailable } from '../../store/errors.ts';
import type { ServiceDeps } from '../deps.ts';
import { notifyUser } from '../thread/notices.ts';
import { createFeedbackQueue, type FeedbackQueueOptions } from './feedback-queue.ts';
import { takeFeedback } from './intake.ts';
import { reopenFailed } from './retry.ts';
import { runRevision } from './run.ts';

/** A human's reply in some thread, as the events listener parsed it. */
export interface ThreadReplyInput {
  eventId: string;
  channelId: string;
  threadTs: string;
  ts: string;
  userId: string;
  text: string;
}

/** Feedback from elsewhere, e.g. the reason typed into the Request changes modal. */
export interface FeedbackInput {
  planId: string;
  /** Unique within the plan, e.g. `changes:<view id>`. */
  feedbackId: string;
  userId: string;
  text: string;
  source: Feedback['source'];
}

export interface RetryRevisionInput {
  planId: string;
  feedbackId: string;
  userId: string;
  channelId: string;
  failureTs: string;
}

/**
 * Re-review: feedback (thread replies, Request changes reasons) revises the plan, per plan in the
 * order it arrived. Every piece is stored on arrival: `resumePending` applies, after a restart,
 * whatever no revision has answered yet.
 */
export interface Revisions {
  receiveReply(input: ThreadReplyInput): Promise<void>;
  submitFeedback(input: FeedbackInput): Promise<void>;
  retry(input: RetryRevisionInput): Promise<void>;
  /**
   * Applies stored feedback that no revision has answered yet (a restart or a lost replica cut it
   * short), for plans no other replica is working on. Returns how much was waiting.
   */
  resumePending(): Promise<number>;
}

const REPLY_NOT_SAVED =
  'Release Planner can’t save right now, so your reply in the plan’s thread was not taken. Please post it again in a minute.';

export function createRevisions(deps: ServiceDeps, options: FeedbackQueueOptions = {}): Revisions {
  const queue = createFeedbackQueue(deps, (feedback) => runRevision(deps, feedback), options);
  // Replies to one thread are taken in arrival order, so their feedback queues in that order.
  const intake = new KeyedSerial();

  /** A reply in a plan's thread, stored once (whatever Slack redelivers): the plan it is feedback on. */
  function receive(input: ThreadReplyInput): Promise<string | undefined> {
    return intake.run(`${input.channelId}:${input.threadTs}`, async () => {
      const plan = await deps.store.findPlanByRootTs(input.channelId, input.threadTs);
      if (!plan || input.text.trim() === '') return undefined;
      // Slack redelivers events; the same message can also arrive under two event ids.
      if (!(await deps.store.claimOnce(deliveryClaimKey('event', input.eventId)))) return undefined;
      if (!(await deps.store.claimOnce(deliveryClaimKey('reply', input.channelId, input.ts))))
        return undefined;
      const arrival = {
        feedbackId: input.ts,
        userId: input.userId,
        source: 'thread_reply',
        raw: input.text,
      } as const;
      return (await takeFeedback(deps, plan, arrival)) ? plan.id : undefined;
    });
  }

  return {
    async receiveReply(input) {
      let planId: string | undefined;
      try {
        planId = await receive(input);
      } catch (err) {
        if (!isStoreUnavailable(err)) throw err;
        deps.logger.error({ err, channelId: input.channelId }, 'reply not taken: the database cannot save');
        const to = { userId: input.userId, channelId: input.channelId, responseUrl: null };
        await notifyUser(deps, to, REPLY_NOT_SAVED);
        return;
      }
      if (planId) await queue.drain(planId);
    },

    async submitFeedback(input) {
      const plan = await deps.store.getPlan(input.planId);
      if (!plan || input.text.trim() === '') return;
      if (!(await deps.store.claimOnce(`feedback:${plan.id}:${input.feedbackId}`))) return;
      const taken = await intake.run(`${plan.channelId}:${plan.rootTs}`, () =>
        takeFeedback(deps, plan, { ...input, raw: input.text }),
      );
      if (taken) await queue.drain(plan.id);
    },

    async resumePending() {
      const waiting = await deps.store.listUnansweredFeedback();
      const plans = [...new Set(waiting.map((f) => f.planId))];
      // A plan busy elsewhere is left to the replica that holds it, or to the next sweep.
      await Promise.all(plans.map((planId) => queue.drain(planId, { wait: false })));
      return waiting.length;
    },

    async retry(input) {
      const planId = await reopenFailed(deps, input);
      if (planId) await queue.drain(planId);
    },
  };
}
