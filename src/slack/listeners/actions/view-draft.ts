import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson } from '../../metadata.ts';
import { ViewDraftValue } from '../../review-values.ts';

/** View draft on a draft split across messages: its whole text in a modal, for copying. */
export function viewDraftAction(services: Services) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeJson(ViewDraftValue, action.value);
    const channelId = body.channel?.id;
    if (!value || !channelId) return;
    await services.viewDraft({ triggerId: body.trigger_id, userId: body.user.id, channelId }, value);
  };
}
