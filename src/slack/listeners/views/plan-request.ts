import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { decodeJson, RequestModalMetadata } from '../../metadata.ts';
import { parseRequestState } from '../../modal-state.ts';

/** The request modal's submission: field errors go back into the modal; a valid request closes it. */
export function planRequestSubmission(services: Services) {
  return async ({
    ack,
    body,
    view,
  }: SlackViewMiddlewareArgs<ViewSubmitAction> & AllMiddlewareArgs): Promise<void> => {
    const metadata = decodeJson(RequestModalMetadata, view.private_metadata);
    const parsed = parseRequestState(view.state.values, services.choices);
    if (!parsed.ok) {
      await ack({ response_action: 'errors', errors: parsed.errors });
      return;
    }
    await ack();
    if (!metadata) {
      services.logger.error({ viewId: view.id }, 'request modal arrived without valid metadata');
      return;
    }
    services.submitRequest({
      viewId: view.id,
      teamId: body.team?.id ?? view.team_id,
      userId: body.user.id,
      metadata,
      request: parsed.request,
    });
  };
}
