import type { Services } from '../../../services/index.ts';
import { PlanButtonValue } from '../../metadata.ts';
import { type ButtonArgs, readClick } from './click.ts';

/** The Retry review button on a gating section posted not reviewed. */
export function retryReviewAction(services: Services) {
  return async (args: ButtonArgs): Promise<void> => {
    await args.ack();
    const click = readClick(args, PlanButtonValue);
    if (!click) return;
    services.retryReview({ planId: click.value.planId, userId: click.userId, channelId: click.channelId });
  };
}
