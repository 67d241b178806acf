import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson, PlanButtonValue } from '../../metadata.ts';

/** The Retry button under a failure message. */
export function retryPlanAction(services: Services) {
  return async ({
    ack,
    body,
    action,
  }: SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const value = decodeJson(PlanButtonValue, action.value);
    if (!value || !body.channel?.id || !body.message?.ts) return;
    services.retryPlan({
      planId: value.planId,
      userId: body.user.id,
      channelId: body.channel.id,
      failureTs: body.message.ts,
    });
  };
}
