import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson } from '../../metadata.ts';
import { ApproveAllMetadata } from '../../review-values.ts';

/** The Approve all modal: closes at once; the items it showed are decided after the ack. */
export function approveAllSubmission(services: Services) {
  return async ({
    ack,
    body,
    view,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    await ack();
    const metadata = decodeJson(ApproveAllMetadata, view.private_metadata);
    if (!metadata) {
      services.logger.error({ viewId: view.id }, 'approve-all modal arrived without valid metadata');
      return;
    }
    services.approveAll({ metadata, userId: body.user.id });
  };
}
