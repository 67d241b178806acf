import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson } from '../../metadata.ts';
import { ItemButtonValue } from '../../review-values.ts';

/** Request changes on an item message: opens the reason modal at once (the trigger_id lives 3 s). */
export function requestChangesAction(services: Services) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeJson(ItemButtonValue, action.value);
    const channelId = body.channel?.id;
    if (!value || !channelId) {
      services.logger.warn({ actionId: action.action_id }, 'request-changes click without a valid value');
      return;
    }
    await services.openRequestChanges({ triggerId: body.trigger_id, userId: body.user.id, channelId }, value);
  };
}
