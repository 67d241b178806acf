import type { Services } from '../../../services/index.ts';
import { PlanButtonValue } from '../../metadata.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** See review notes on a reviewed gating section: the notes in a modal (the trigger lives 3 s). */
export function reviewNotesAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, PlanButtonValue);
    if (!click) return;
    const { triggerId, userId, channelId } = click;
    await services.openReviewNotes({ triggerId, userId, channelId }, click.value.planId);
  };
}
