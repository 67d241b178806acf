import { redactInputThorough } from '../../guard/input.ts';
import { buildNotice } from '../../slack/blocks/notice.ts';
import { REASON_MAX_CHARS } from '../../slack/blocks/review-modals.ts';
import type { ApproveAllValue, ItemButtonValue, ViewDraftValue } from '../../slack/review-values.ts';
import { isStoreUnavailable } from '../../store/errors.ts';
import type { ServiceDeps } from '../deps.ts';
import type { ModalTrigger } from '../thread/modals.ts';
import { tellInThread } from '../thread/notices.ts';
import { type ApproveAllSubmission, approveAll, openApproveAll } from './approve-all.ts';
import { decide } from './decide.ts';
import { publishHome } from './home.ts';
import { openRequestChanges, viewDraft } from './modals.ts';
import { runDueTimeouts } from './timeout-run.ts';
import type { ChangeRequest, DecisionOutcome, ItemClick } from './types.ts';
import { createUsergroupDirectory, type UsergroupDirectory } from './usergroups.ts';

export type { ApproveAllSubmission } from './approve-all.ts';
export type { ChangeRequest, DecisionOutcome, ItemClick } from './types.ts';

/** Decisions on plan items: the approval policy applied to clicks, recorded once, shown in place. */
export interface Approvals {
  approve(click: ItemClick): Promise<DecisionOutcome>;
  /** Opens the reason modal; must run right after the ack (trigger_id lives 3 s). */
  openRequestChanges(trigger: ModalTrigger, value: ItemButtonValue): Promise<void>;
  /**
   * The Request changes modal's submission: records the decision with its reason and puts the
   * item and the plan on hold. A revision hook can follow a `recorded` outcome.
   */
  requestChanges(request: ChangeRequest): Promise<DecisionOutcome>;
  /** Opens a modal with a draft's whole text (drafts split across messages are hard to copy). */
  viewDraft(trigger: ModalTrigger, value: ViewDraftValue): Promise<void>;
  /** Opens the "Approve all as ROLE" confirmation; must run right after the ack. */
  openApproveAll(trigger: ModalTrigger, value: ApproveAllValue): Promise<void>;
  /** Its submission: one decision per item shown, each bound to the hash shown. */
  approveAll(submission: ApproveAllSubmission): Promise<void>;
  /** Publishes a person's App Home (their inbox). */
  publishHome(userId: string): Promise<void>;
  /** One pass of the timeouts scheduler; returns how many plans had work due. */
  runDueTimeouts(): Promise<number>;
}

export interface ApprovalOptions {
  usergroups?: UsergroupDirectory;
}

export function createApprovals(deps: ServiceDeps, options: ApprovalOptions = {}): Approvals {
  const usergroups =
    options.usergroups ??
    createUsergroupDirectory({
      client: deps.client,
      logger: deps.logger,
      now: () => deps.clock.now().getTime(),
    });
  const context = { deps, usergroups };
  deps.homes?.setPublisher((userId) => publishHome(context, userId, 'progress'));
  return {
    // Decisions on one plan are taken one at a time (a plan transaction, across replicas), so two
    // clicks never both fill the same role.
    approve: (click) => unlessUnsaved(deps, click, () => decide(context, click, 'approve', null)),
    openRequestChanges: (trigger, value) => openRequestChanges(deps, trigger, value),
    async requestChanges(request) {
      const { metadata } = request;
      const reason = (await redactInputThorough(request.reason, { maxChars: REASON_MAX_CHARS })).text.trim();
      const click: ItemClick = { ...metadata, userId: request.userId };
      return unlessUnsaved(deps, click, () => decide(context, click, 'request_changes', reason));
    },
    viewDraft: (trigger, value) => viewDraft(deps, trigger, value),
    openApproveAll: (trigger, value) => openApproveAll(context, trigger, value),
    approveAll: (submission) => approveAll(context, submission),
    publishHome: (userId) => publishHome(context, userId),
    runDueTimeouts: () => runDueTimeouts(context),
  };
}

/** A decision that cannot be saved is not taken: the clicker is told privately, and can click again. */
async function unlessUnsaved(
  deps: ServiceDeps,
  click: ItemClick,
  decideNow: () => Promise<DecisionOutcome>,
): Promise<DecisionOutcome> {
  try {
    return await decideNow();
  } catch (err) {
    if (!isStoreUnavailable(err)) throw err;
    deps.logger.error({ err, planId: click.planId }, 'decision not recorded: the database cannot save');
    const where = { channelId: click.channelId, threadTs: null, userId: click.userId };
    await tellInThread(deps, where, buildNotice(DECISION_NOT_SAVED));
    return { kind: 'refused', reason: 'not_saved' };
  }
}

const DECISION_NOT_SAVED =
  'Release Planner can’t save right now, so your decision was not recorded. Please click again in a minute.';
