import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { REVIEW_FIELD } from '../../ids.ts';
import { decodeJson } from '../../metadata.ts';
import { RequestChangesMetadata } from '../../review-values.ts';

/** The Request changes modal: a blank reason goes back into the modal; a reason closes it and is decided. */
export function requestChangesSubmission(services: Services) {
  return async ({
    ack,
    body,
    view,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const reason = view.state.values[REVIEW_FIELD.reason]?.[REVIEW_FIELD.reason]?.value ?? '';
    if (reason.trim() === '') {
      await ack({ response_action: 'errors', errors: { [REVIEW_FIELD.reason]: 'Say what should change.' } });
      return;
    }
    await ack();
    const metadata = decodeJson(RequestChangesMetadata, view.private_metadata);
    if (!metadata) {
      services.logger.error({ viewId: view.id }, 'request-changes modal arrived without valid metadata');
      return;
    }
    services.requestChanges({ metadata, viewId: view.id, userId: body.user.id, reason });
  };
}
