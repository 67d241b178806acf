import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson } from '../../metadata.ts';
import { ItemButtonValue } from '../../review-values.ts';

/** An Approve button on an item message (one per open role): ack first, decide after. */
export function approveItemAction(services: Services) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeJson(ItemButtonValue, action.value);
    const channelId = body.channel?.id;
    if (!value || !channelId) {
      services.logger.warn({ actionId: action.action_id }, 'approve click without a valid value or channel');
      return;
    }
    services.approveItem({ ...value, userId: body.user.id, channelId });
  };
}
