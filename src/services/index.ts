import type { Logger } from 'pino';
import type { ModelChoice } from '../plan/model.ts';
import type { ApproveAllValue, ItemButtonValue, ViewDraftValue } from '../slack/review-values.ts';
import type { Store } from '../store/port.ts';
import {
  type ApproveAllSubmission,
  type ChangeRequest,
  createApprovals,
  type ItemClick,
} from './approvals/index.ts';
import type { ServiceDeps } from './deps.ts';
import { showFreezes } from './planning/freezes.ts';
import {
  type CommandInput,
  type FormContext,
  openRequestForm,
  type SubmissionInput,
  submitRequest,
} from './planning/request-form.ts';
import { type RetryInput, retryPlan } from './planning/retry.ts';
import { type RetryReviewInput, retryReview } from './planning/retry-review.ts';
import { type RefreshInput, refreshEvidence } from './revisions/evidence-refresh.ts';
import {
  createRevisions,
  type FeedbackInput,
  type RetryRevisionInput,
  type ThreadReplyInput,
} from './revisions/index.ts';
import type { ModalTrigger } from './thread/modals.ts';
import type { Recipient } from './thread/notices.ts';
import { openReviewNotes } from './thread/review-notes.ts';

export type { ApproveAllSubmission, ChangeRequest, ItemClick } from './approvals/index.ts';
export type { CommandInput, FormContext, SubmissionInput } from './planning/request-form.ts';
export type { RetryInput } from './planning/retry.ts';
export type { FeedbackInput, RetryRevisionInput, ThreadReplyInput } from './revisions/index.ts';
export type { ModalTrigger } from './thread/modals.ts';
export type { Recipient } from './thread/notices.ts';

/** What listeners call: quick work is awaited; long work is handed to the job runner after the ack. */
export interface Services {
  choices: ModelChoice[];
  logger: Logger;
  store: Store;
  /**
   * Opens the request modal after the ack, as a job: the listener returns at once, so nothing of the
   * request (Bolt's arguments, the HTTP exchange) stays alive while the modal is on its way.
   */
  openRequestForm(input: CommandInput): void;
  /** `/release-plan freezes`: the freeze windows of the next 90 days, privately. Await it after the ack. */
  showFreezes(input: Recipient): Promise<void>;
  /** Whether the store accepts a write now (within `withinMs`): a submission checks before it closes the form. */
  canSave(withinMs: number): Promise<boolean>;
  submitRequest(input: SubmissionInput): void;
  retryPlan(input: RetryInput): void;
  /** Retry review on a gating section posted not reviewed. */
  retryReview(input: RetryReviewInput): void;
  /** Opens the second model's notes on the gating section: await it right after the ack. */
  openReviewNotes(trigger: ModalTrigger, planId: string): Promise<void>;
  /** A human's reply in a thread: feedback when the thread is a plan's. */
  receiveThreadReply(input: ThreadReplyInput): void;
  /** Feedback from elsewhere (the Request changes reason): revises the plan like a reply. */
  submitFeedback(input: FeedbackInput): void;
  retryRevision(input: RetryRevisionInput): void;
  /** Applies feedback no revision answered (a restart or a lost replica cut it short); run periodically. */
  resumePendingFeedback(): void;
  /** An Approve click on an item (decided, recorded and shown after the ack). */
  approveItem(click: ItemClick): void;
  /** Opens the Request changes modal: await it right after the ack. */
  openRequestChanges(trigger: ModalTrigger, value: ItemButtonValue): Promise<void>;
  /** The Request changes modal's submission. */
  requestChanges(request: ChangeRequest): void;
  /** Opens a draft's whole text in a modal: await it right after the ack. */
  viewDraft(trigger: ModalTrigger, value: ViewDraftValue): Promise<void>;
  /** "Approve all as ROLE" on the root: opens its confirmation modal; await it right after the ack. */
  openApproveAll(trigger: ModalTrigger, value: ApproveAllValue): Promise<void>;
  /** The Approve all modal's submission (decided after the ack). */
  approveAll(submission: ApproveAllSubmission): void;
  /** Refresh evidence on the root: the policy's gates checked again, asking the systems (after the ack). */
  refreshEvidence(input: RefreshInput): void;
  /** Someone opened the app's Home tab: publish their inbox (after the ack). */
  openHome(userId: string): void;
  /** Reminders, escalations and expiries now due (the policy's timeouts); run every second or so. */
  runDueTimeouts(): Promise<void>;
}

export function createServices(deps: ServiceDeps, form: FormContext): Services {
  const revisions = createRevisions(deps);
  const approvals = createApprovals(deps);
  const { jobs } = deps;
  return {
    choices: deps.choices,
    logger: deps.logger,
    store: deps.store,
    openRequestForm: (input) =>
      jobs.run('request-form', { channelId: input.channelId }, () => openRequestForm(deps, form, input)),
    showFreezes: (input) => showFreezes(deps, input),
    canSave: (withinMs) => canSave(deps, withinMs),
    submitRequest: (input) =>
      jobs.run('plan', { viewId: input.viewId, channelId: input.metadata.channelId }, () =>
        submitRequest(deps, input),
      ),
    retryPlan: (input) => jobs.run('retry', { planId: input.planId }, () => retryPlan(deps, input)),
    openReviewNotes: (trigger, planId) => openReviewNotes(deps, trigger, planId),
    retryReview: (input) =>
      jobs.run('retry-review', { planId: input.planId }, () => retryReview(deps, input)),
    receiveThreadReply: (input) =>
      jobs.run('revision', { channelId: input.channelId, eventId: input.eventId }, () =>
        revisions.receiveReply(input),
      ),
    submitFeedback: (input) =>
      jobs.run('revision', { planId: input.planId }, () => revisions.submitFeedback(input)),
    retryRevision: (input) =>
      jobs.run('retry-revision', { planId: input.planId }, () => revisions.retry(input)),
    resumePendingFeedback: () =>
      jobs.run('resume-feedback', {}, async () => {
        const resumed = await revisions.resumePending();
        if (resumed > 0) deps.logger.info({ resumed }, 'unanswered feedback taken up again');
      }),
    approveItem: (click) =>
      jobs.run('approve', { planId: click.planId, itemKey: click.itemKey }, async () => {
        await approvals.approve(click);
      }),
    openRequestChanges: (trigger, value) => approvals.openRequestChanges(trigger, value),
    requestChanges: (request) =>
      jobs.run('request-changes', { planId: request.metadata.planId }, async () => {
        const outcome = await approvals.requestChanges(request);
        // The reason is feedback too: the plan is revised with it, like a thread reply.
        if (outcome.kind !== 'recorded' || !outcome.decision.reason) return;
        await revisions.submitFeedback({
          planId: outcome.plan.id,
          feedbackId: `changes:${request.viewId}`,
          userId: outcome.decision.userId,
          text: outcome.decision.reason,
          source: 'request_changes',
        });
      }),
    viewDraft: (trigger, value) => approvals.viewDraft(trigger, value),
    openApproveAll: (trigger, value) => approvals.openApproveAll(trigger, value),
    approveAll: (submission) =>
      jobs.run('approve-all', { planId: submission.metadata.planId }, () => approvals.approveAll(submission)),
    refreshEvidence: (input) =>
      jobs.run('refresh-evidence', { planId: input.planId }, () => refreshEvidence(deps, input)),
    openHome: (userId) => {
      deps.homes?.opened(userId);
      jobs.run('home', { userId }, () => approvals.publishHome(userId));
    },
    runDueTimeouts: async () => {
      await approvals.runDueTimeouts();
    },
  };
}

async function canSave(deps: Pick<ServiceDeps, 'store' | 'logger'>, withinMs: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${withinMs} ms`)), withinMs);
  });
  try {
    await Promise.race([deps.store.ping(), late]);
    return true;
  } catch (err) {
    deps.logger.error({ err }, 'the database cannot save right now');
    return false;
  } finally {
    clearTimeout(timer);
  }
}
