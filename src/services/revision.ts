import { setTimeout as sleep } from 'node:timers/promises';
import { redactInputThorough } from '../guard/input.ts';
import { KeyedSerial } from '../lib/serial.ts';
import type { PlanRecord } from '../plan/record.ts';
import { FEEDBACK_MAX_CHARS } from '../plan/revision.ts';
import { buildNotice } from '../slack/blocks/notice.ts';
import type { AuditEntry, Store } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { notifyUser } from './notify.ts';
import { withPlanLock } from './plan-lock.ts';
import { FEEDBACK_AUDIT_KIND, Feedback, findFeedback, recordFeedback } from './revision-feedback.ts';
import { runRevision } from './revision-run.ts';

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
 * Feedback is applied per plan in the order it arrived, one revision at a time. The queue is in
 * memory, but every piece of feedback is in the audit log from the moment it arrives: after a
 * restart, `resumePending` queues again whatever has no outcome yet.
 */
export interface Revisions {
  receiveReply(input: ThreadReplyInput): Promise<void>;
  submitFeedback(input: FeedbackInput): Promise<void>;
  retry(input: RetryRevisionInput): Promise<void>;
  /** Queues the recorded feedback that no revision has answered yet (a restart cut it short). */
  resumePending(): Promise<number>;
}

export interface RevisionOptions {
  /** How often queued feedback checks whether the plan's generation (or another run) has finished. */
  pollMs?: number;
  /** How long it waits for that before giving up on the feedback. */
  maxWaitMs?: number;
}

export function createRevisions(deps: ServiceDeps, options: RevisionOptions = {}): Revisions {
  const pollMs = options.pollMs ?? 200;
  const maxWaitMs = options.maxWaitMs ?? 15 * 60_000;
  const pending = new Map<string, Feedback[]>();
  const draining = new Set<string>();
  const intake = new KeyedSerial();

  /**
   * Runs queued feedback until none is left, holding the plan's lock (shared with generation, and
   * across replicas) so a plan never has two runs at once. The caller that finds the queue idle
   * does the work; while the plan is drafting or busy elsewhere it waits and tries again.
   */
  async function drain(planId: string): Promise<void> {
    if (draining.has(planId)) return;
    draining.add(planId);
    try {
      const deadline = Date.now() + maxWaitMs;
      while ((pending.get(planId)?.length ?? 0) > 0) {
        if (await withPlanLock(deps, planId, () => runQueued(planId))) continue;
        if (Date.now() > deadline) {
          deps.logger.warn({ planId }, 'plan stayed busy; queued feedback dropped');
          pending.delete(planId);
          return;
        }
        await sleep(pollMs);
      }
    } finally {
      // No await between the queue found empty and this line: an enqueue cannot slip in between.
      draining.delete(planId);
      pending.delete(planId);
    }
  }

  async function runQueued(planId: string): Promise<void> {
    for (let next = pending.get(planId)?.shift(); next; next = pending.get(planId)?.shift()) {
      await runSafely(next);
    }
  }

  async function runSafely(feedback: Feedback): Promise<void> {
    try {
      await runRevision(deps, feedback);
    } catch (err) {
      deps.logger.error({ err, planId: feedback.planId, feedbackId: feedback.id }, 'revision failed');
    }
  }

  function enqueue(feedback: Feedback): void {
    const queue = pending.get(feedback.planId) ?? [];
    queue.push(feedback);
    pending.set(feedback.planId, queue);
  }

  /** Redacts, records and queues one piece of feedback; tells its author what was redacted or cut. */
  async function accept(
    plan: PlanRecord,
    input: Omit<FeedbackInput, 'planId' | 'text'> & { raw: string },
  ): Promise<void> {
    if (plan.status === 'failed') {
      // Queued, it would take the plan's lock and could turn away the Retry that the plan needs.
      await notifyUser(
        deps,
        { userId: input.userId, channelId: plan.channelId, responseUrl: null },
        `Your reply was not applied: drafting “${plan.request.title}” failed. Press Retry on the failure message, then reply again once the plan is ready.`,
      );
      return;
    }
    const redacted = await redactInputThorough(input.raw, { maxChars: FEEDBACK_MAX_CHARS });
    const feedback: Feedback = {
      id: input.feedbackId,
      planId: plan.id,
      userId: input.userId,
      source: input.source,
      text: redacted.text,
      originalChars: input.raw.length,
      redactions: redacted.redactions,
    };
    await recordFeedback(deps.store, feedback);
    enqueue(feedback);
    const notice = intakeNotice(redacted.redactions, redacted.truncated);
    if (notice) {
      await notifyUser(deps, { userId: input.userId, channelId: plan.channelId, responseUrl: null }, notice);
    }
  }

  return {
    async receiveReply(input) {
      const planId = await intake.run(`${input.channelId}:${input.threadTs}`, async () => {
        const plan = await deps.store.findPlanByRootTs(input.channelId, input.threadTs);
        if (!plan || input.text.trim() === '') return undefined;
        // Slack redelivers events; the same message can also arrive under two event ids.
        if (!(await deps.store.claimOnce(`event:${input.eventId}`))) return undefined;
        if (!(await deps.store.claimOnce(`reply:${input.channelId}:${input.ts}`))) return undefined;
        await accept(plan, {
          feedbackId: input.ts,
          userId: input.userId,
          source: 'thread_reply',
          raw: input.text,
        });
        return plan.id;
      });
      if (planId) await drain(planId);
    },

    async submitFeedback(input) {
      const plan = await deps.store.getPlan(input.planId);
      if (!plan || input.text.trim() === '') return;
      if (!(await deps.store.claimOnce(`feedback:${plan.id}:${input.feedbackId}`))) return;
      await intake.run(`${plan.channelId}:${plan.rootTs}`, () => accept(plan, { ...input, raw: input.text }));
      await drain(plan.id);
    },

    async resumePending() {
      const waiting = await unansweredFeedback(deps.store);
      for (const feedback of waiting) enqueue(feedback);
      await Promise.all([...new Set(waiting.map((f) => f.planId))].map((planId) => drain(planId)));
      return waiting.length;
    },

    async retry(input) {
      const plan = await deps.store.getPlan(input.planId);
      if (!plan || plan.channelId !== input.channelId) return;
      if (!(await deps.store.claimOnce(`retry-revision:${plan.id}:${input.failureTs}`))) return;
      const feedback = await findFeedback(deps.store, plan.id, input.feedbackId);
      if (!feedback) return;
      await deps.client.chat.update({
        channel: plan.channelId,
        ts: input.failureTs,
        ...buildNotice('Retrying the revision with the same feedback.'),
        parse: 'none',
      });
      await deps.store.appendAudit({
        planId: plan.id,
        kind: 'revision.retry',
        actor: input.userId,
        data: { feedbackId: feedback.id },
      });
      enqueue(feedback);
      await drain(plan.id);
    },
  };
}

function intakeNotice(redactions: number, truncated: boolean): string | undefined {
  const parts = [
    redactions > 0
      ? `${redactions === 1 ? 'Something that looked like a secret was' : `${redactions} things that looked like secrets were`} redacted from your reply before it reached the model or was stored.`
      : null,
    truncated
      ? `Your reply was long: only its first ${FEEDBACK_MAX_CHARS.toLocaleString('en-US')} characters were given to the model.`
      : null,
  ].filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' ') : undefined;
}

/** The audit kinds that answer a piece of feedback, and where they name it. */
function answeredFeedbackId(entry: AuditEntry): string | undefined {
  const data = entry.data as { feedbackId?: unknown; revision?: { feedbackId?: unknown } } | null;
  const id = entry.kind === 'plan.version' ? data?.revision?.feedbackId : data?.feedbackId;
  const answers = ['plan.version', 'revision.unchanged', 'revision.failed'].includes(entry.kind);
  return answers && typeof id === 'string' ? id : undefined;
}

/** Feedback recorded on arrival that no revision has answered: what a restart left in the queue. */
async function unansweredFeedback(store: Store): Promise<Feedback[]> {
  const entries = await store.listAudit();
  const answered = new Set(
    entries.flatMap((e) => {
      const id = answeredFeedbackId(e);
      return id ? [`${e.planId}:${id}`] : [];
    }),
  );
  return entries
    .filter((e) => e.kind === FEEDBACK_AUDIT_KIND)
    .flatMap((e) => {
      const parsed = Feedback.safeParse(e.data);
      return parsed.success && !answered.has(`${parsed.data.planId}:${parsed.data.id}`) ? [parsed.data] : [];
    });
}
