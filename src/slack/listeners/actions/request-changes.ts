import type { Services } from '../../../services/index.ts';
import { ItemButtonValue } from '../../review-values.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** Request changes on an item message: opens the reason modal at once (the trigger_id lives 3 s). */
export function requestChangesAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, ItemButtonValue);
    if (!click) return;
    const { triggerId, userId, channelId } = click;
    await services.openRequestChanges({ triggerId, userId, channelId }, click.value);
  };
}
