import { buildReviewNotesModal } from '../../slack/blocks/review-notes.ts';
import type { ServiceDeps } from '../deps.ts';
import { type ModalTrigger, openModal } from './modals.ts';
import { latestReview } from './review-record.ts';

/** See review notes: the second model's notes on the plan's current gating section, in a modal. */
export async function openReviewNotes(
  deps: ServiceDeps,
  trigger: ModalTrigger,
  planId: string,
): Promise<void> {
  const plan = await deps.store.getPlan(planId);
  const here = plan && plan.channelId === trigger.channelId ? plan : undefined;
  const gating =
    here && (await deps.store.listSections(here.id, here.version)).find((s) => s.key === 'gating');
  const outcome = here && gating ? await latestReview(deps, here.id, gating.hash) : undefined;
  await openModal(deps, trigger, () => buildReviewNotesModal(outcome), 'click the button');
}
