import type { Services } from '../../../services/index.ts';
import { ViewDraftValue } from '../../review-values.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** View draft on a draft split across messages: its whole text in a modal, for copying. */
export function viewDraftAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, ViewDraftValue);
    if (!click) return;
    const { triggerId, userId, channelId } = click;
    await services.viewDraft({ triggerId, userId, channelId }, click.value);
  };
}
