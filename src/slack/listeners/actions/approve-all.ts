import type { Services } from '../../../services/index.ts';
import { ApproveAllValue } from '../../review-values.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** "Approve all as ROLE" on the root: opens its confirmation modal at once (the trigger_id lives 3 s). */
export function approveAllAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, ApproveAllValue);
    if (!click) return;
    const { triggerId, userId, channelId } = click;
    await services.openApproveAll({ triggerId, userId, channelId }, click.value);
  };
}
