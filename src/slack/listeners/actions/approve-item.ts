import type { Services } from '../../../services/index.ts';
import { ItemButtonValue } from '../../review-values.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** An Approve button on an item message (one per open role): ack first, decide after. */
export function approveItemAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, ItemButtonValue);
    if (!click) return;
    services.approveItem({ ...click.value, userId: click.userId, channelId: click.channelId });
  };
}
