import type { Services } from '../../../services/index.ts';
import { PlanButtonValue } from '../../metadata.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** The Retry button under a failure message. */
export function retryPlanAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, PlanButtonValue);
    if (!click?.messageTs) return;
    services.retryPlan({
      planId: click.value.planId,
      userId: click.userId,
      channelId: click.channelId,
      failureTs: click.messageTs,
    });
  };
}
