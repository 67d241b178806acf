import { isDraftItemKey, itemTitle } from '../../approval/items.ts';
import { DraftItem } from '../../plan/schema.ts';
import { buildDraftModal, buildRequestChangesModal } from '../../slack/blocks/review-modals.ts';
import type { ItemButtonValue, ViewDraftValue } from '../../slack/review-values.ts';
import type { ServiceDeps } from '../deps.ts';
import { type ModalTrigger, openModal } from '../thread/modals.ts';
import { notifyUser } from '../thread/notices.ts';
import { loadApprovals } from './load.ts';

/** Opens the Request changes modal for an item; must run right after the ack (trigger_id lives 3 s). */
export async function openRequestChanges(
  deps: ServiceDeps,
  trigger: ModalTrigger,
  value: ItemButtonValue,
): Promise<void> {
  const plan = await deps.store.getPlan(value.planId);
  const item = plan && (await loadApprovals(deps, plan)).items.find((i) => i.item.key === value.itemKey);
  const title = item ? itemTitle(item.item) : 'this item';
  const { role: _role, ...ref } = value;
  const metadata = { ...ref, channelId: trigger.channelId };
  await openModal(
    deps,
    trigger,
    () => buildRequestChangesModal({ itemTitle: title, metadata }),
    'click the button',
  );
}

/** Opens a modal with a draft's whole text (drafts split across messages are hard to copy). */
export async function viewDraft(
  deps: ServiceDeps,
  trigger: ModalTrigger,
  value: ViewDraftValue,
): Promise<void> {
  const plan = await deps.store.getPlan(value.planId);
  const item = plan && (await loadApprovals(deps, plan)).items.find((i) => i.item.key === value.itemKey);
  const draft = isDraftItemKey(value.itemKey) ? DraftItem.safeParse(item?.item.content) : undefined;
  if (!draft?.success) {
    await notifyUser(deps, { ...trigger, responseUrl: null }, 'That draft is no longer in the plan.');
    return;
  }
  await openModal(deps, trigger, () => buildDraftModal(draft.data), 'click the button');
}
