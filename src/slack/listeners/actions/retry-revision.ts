import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson, RevisionButtonValue } from '../../metadata.ts';

/** The Retry button under a failed revision: applies the same stored feedback again. */
export function retryRevisionAction(services: Services) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeJson(RevisionButtonValue, action.value);
    if (!value || !body.channel?.id || !body.message?.ts) return;
    services.retryRevision({
      planId: value.planId,
      feedbackId: value.feedbackId,
      userId: body.user.id,
      channelId: body.channel.id,
      failureTs: body.message.ts,
    });
  };
}
