import type { ItemApproval } from '../approval/approvals.ts';
import type { DecisionKind, DecisionRecord } from '../approval/decisions.ts';
import { isDraftItemKey, itemTitle } from '../approval/items.ts';
import { type ClickDecision, decideClick, type UsergroupMembers } from '../approval/policy.ts';
import { redactInputThorough } from '../guard/input.ts';
import { KeyedSerial } from '../lib/serial.ts';
import type { PlanRecord } from '../plan/record.ts';
import { DraftItem } from '../plan/schema.ts';
import { buildDecisionNotice } from '../slack/blocks/approval-messages.ts';
import {
  buildDraftModal,
  buildRequestChangesModal,
  REASON_MAX_CHARS,
} from '../slack/blocks/review-modals.ts';
import type { ItemButtonValue, RequestChangesMetadata } from '../slack/review-values.ts';
import { loadApprovals } from './approvals/load.ts';
import type { ServiceDeps } from './deps.ts';
import { notifyUser } from './notify.ts';
import { publishItems } from './plan-messages.ts';
import { renderItem } from './render.ts';
import { refreshRoot } from './root.ts';
import { slackErrorCode, slackFailureAdvice } from './slack-errors.ts';
import { createUsergroupDirectory, policyUsergroups, type UsergroupDirectory } from './usergroups.ts';

export { announceReady } from './approval-announcements.ts';

/** A click on an item's button: what the button carried, and who clicked where. */
export interface ItemClick extends ItemButtonValue {
  userId: string;
  channelId: string;
}

export interface ChangeRequest {
  metadata: RequestChangesMetadata;
  /** The submitted modal's id: unique per request, e.g. for a feedback id `changes:<view id>`. */
  viewId: string;
  userId: string;
  /** As typed in the modal; secrets are redacted before it is stored or shown. */
  reason: string;
}

export type DecisionOutcome =
  | { kind: 'recorded'; plan: PlanRecord; decision: DecisionRecord }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: string };

export interface ModalTrigger {
  triggerId: string;
  userId: string;
  channelId: string;
}

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
  viewDraft(trigger: ModalTrigger, value: { planId: string; itemKey: string }): Promise<void>;
}

export interface ApprovalOptions {
  usergroups?: UsergroupDirectory;
  /** The clock decisions are stamped with. */
  now?: () => Date;
}

export function createApprovals(deps: ServiceDeps, options: ApprovalOptions = {}): Approvals {
  const usergroups =
    options.usergroups ?? createUsergroupDirectory({ client: deps.client, logger: deps.logger });
  const now = options.now ?? (() => new Date());
  // Decisions on one plan are taken one at a time, so two clicks never both fill the same role.
  const serial = new KeyedSerial();

  async function decide(
    click: ItemClick,
    action: DecisionKind,
    reason: string | null,
  ): Promise<DecisionOutcome> {
    const plan = await deps.store.getPlan(click.planId);
    if (!plan || plan.channelId !== click.channelId) {
      await refuseMissing(deps, click, action);
      return { kind: 'refused', reason: 'not_found' };
    }
    const item = (await loadApprovals(deps, plan)).items.find((i) => i.item.key === click.itemKey);
    const result: ClickDecision = item
      ? judge(deps, plan, item, click, action, await usergroups.membersOf(policyUsergroups(deps.policy)))
      : { kind: 'refuse', reason: 'stale', message: '', whoCanDecide: [] };
    if (result.kind === 'refuse') {
      const message = result.reason === 'stale' ? staleMessage(click.itemKey) : result.message;
      await refuse(deps, plan, click, action, result.reason, message);
      return { kind: 'refused', reason: result.reason };
    }
    if (result.kind === 'duplicate' || !item) return duplicate(deps, click);
    return record(deps, plan, decisionOf(click, item, action, result.role, reason, now()));
  }

  return {
    approve: (click) => serial.run(click.planId, () => decide(click, 'approve', null)),

    async openRequestChanges(trigger, value) {
      const plan = await deps.store.getPlan(value.planId);
      const item = plan && (await loadApprovals(deps, plan)).items.find((i) => i.item.key === value.itemKey);
      const title = item ? itemTitle(item.item) : 'this item';
      const { role: _role, ...ref } = value;
      await openModal(deps, trigger, () =>
        buildRequestChangesModal({ itemTitle: title, metadata: { ...ref, channelId: trigger.channelId } }),
      );
    },

    async requestChanges(request) {
      const { metadata } = request;
      const reason = (await redactInputThorough(request.reason, { maxChars: REASON_MAX_CHARS })).text.trim();
      const click: ItemClick = { ...metadata, userId: request.userId };
      return serial.run(metadata.planId, () => decide(click, 'request_changes', reason));
    },

    async viewDraft(trigger, value) {
      const plan = await deps.store.getPlan(value.planId);
      const item = plan && (await loadApprovals(deps, plan)).items.find((i) => i.item.key === value.itemKey);
      const draft = isDraftItemKey(value.itemKey) ? DraftItem.safeParse(item?.item.content) : undefined;
      if (!draft?.success) {
        await notifyUser(deps, { ...trigger, responseUrl: null }, 'That draft is no longer in the plan.');
        return;
      }
      await openModal(deps, trigger, () => buildDraftModal(draft.data));
    },
  };
}

/** The approval policy applied to one click on the item as it stands. */
function judge(
  deps: Pick<ServiceDeps, 'policy'>,
  plan: PlanRecord,
  item: ItemApproval,
  click: ItemClick,
  action: DecisionKind,
  usergroupMembers: UsergroupMembers,
): ClickDecision {
  return decideClick({
    userId: click.userId,
    requesterId: plan.requesterId,
    action,
    item: { ...item.current, requiredRoles: item.requirements.roles },
    clickedHash: click.hash,
    clickedVersion: click.version,
    ...(action === 'approve' && click.role !== undefined ? { clickedRole: click.role } : {}),
    decisions: item.decisions,
    policy: deps.policy,
    usergroupMembers,
  });
}

/** Records an accepted decision once (a raced repeat is a duplicate), audits it and shows it in place. */
async function record(
  deps: ServiceDeps,
  plan: PlanRecord,
  decision: DecisionRecord,
): Promise<DecisionOutcome> {
  if (!(await deps.store.recordDecision(decision))) {
    deps.logger.info({ planId: plan.id, itemKey: decision.itemKey }, 'repeated decision ignored');
    return { kind: 'duplicate' };
  }
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'decision.recorded',
    actor: decision.userId,
    data: {
      itemKey: decision.itemKey,
      version: decision.version,
      hash: decision.contentHash,
      role: decision.role,
      decision: decision.decision,
      reason: decision.reason,
    },
  });
  await showDecision(deps, plan, decision.itemKey);
  return { kind: 'recorded', plan, decision };
}

function staleMessage(itemKey: string): string {
  const what = isDraftItemKey(itemKey) ? 'draft' : 'section';
  return `This ${what} changed since you saw it; review the new version in the thread and decide there.`;
}

function decisionOf(
  click: ItemClick,
  item: ItemApproval,
  action: DecisionKind,
  role: string,
  reason: string | null,
  at: Date,
): DecisionRecord {
  return {
    planId: click.planId,
    itemKey: click.itemKey,
    // The content-since version: one decision per person per run of unchanged content.
    version: item.current.version,
    contentHash: item.current.contentHash,
    userId: click.userId,
    role,
    decision: action,
    reason,
    createdAt: at.toISOString(),
  };
}

function duplicate(deps: ServiceDeps, click: ItemClick): DecisionOutcome {
  deps.logger.info(
    { planId: click.planId, itemKey: click.itemKey, userId: click.userId },
    'repeated decision ignored',
  );
  return { kind: 'duplicate' };
}

/** The decided item's last message part (where the controls are) and the root, updated in place. */
async function showDecision(deps: ServiceDeps, plan: PlanRecord, itemKey: string): Promise<void> {
  const messages = await renderItem(deps, plan, itemKey);
  const last = messages.at(-1);
  if (last) await publishItems(deps, plan, [last]);
  await refreshRoot(deps, plan);
}

async function refuse(
  deps: ServiceDeps,
  plan: PlanRecord,
  click: ItemClick,
  action: DecisionKind,
  reason: string,
  safeMessage: string,
): Promise<void> {
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'decision.refused',
    actor: click.userId,
    data: {
      itemKey: click.itemKey,
      action,
      reason,
      version: click.version,
      hash: click.hash,
      role: click.role ?? null,
    },
  });
  await tellPrivately(deps, plan.channelId, plan.rootTs, click.userId, safeMessage);
}

async function refuseMissing(deps: ServiceDeps, click: ItemClick, action: DecisionKind): Promise<void> {
  await deps.store.appendAudit({
    planId: click.planId,
    kind: 'decision.refused',
    actor: click.userId,
    data: { itemKey: click.itemKey, action, reason: 'not_found', channelId: click.channelId },
  });
  await tellPrivately(deps, click.channelId, null, click.userId, 'This plan is no longer available here.');
}

/** An ephemeral reply in the plan's thread; a failure to tell is logged, never thrown. */
async function tellPrivately(
  deps: ServiceDeps,
  channel: string,
  threadTs: string | null,
  user: string,
  safeMrkdwn: string,
): Promise<void> {
  try {
    await deps.client.chat.postEphemeral({
      channel,
      user,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...buildDecisionNotice(safeMrkdwn),
    });
  } catch (err) {
    deps.logger.warn({ err, channel, user }, 'could not tell the user why their click was refused');
  }
}

async function openModal(
  deps: ServiceDeps,
  trigger: ModalTrigger,
  build: () => ReturnType<typeof buildDraftModal>,
): Promise<void> {
  try {
    await deps.client.views.open({ trigger_id: trigger.triggerId, view: build() });
  } catch (err) {
    deps.logger.warn({ err, channelId: trigger.channelId }, 'views.open failed');
    const code = slackErrorCode(err);
    const advice = code?.endsWith('_trigger_id')
      ? 'Slack took too long to open the form. Please click the button again.'
      : slackFailureAdvice(code, trigger.channelId);
    await notifyUser(deps, { ...trigger, responseUrl: null }, advice);
  }
}
