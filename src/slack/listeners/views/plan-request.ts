import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { FIELD } from '../../ids.ts';
import { decodeJson, RequestModalMetadata } from '../../metadata.ts';
import { parseRequestState } from '../../modal-state.ts';

/** Leaves Slack's 3 s enough room for the ack itself. */
const SAVE_CHECK_MS = 1_500;
export const CANNOT_SAVE =
  'Release Planner can’t save right now, so nothing was started. Keep this form open and submit again in a minute.';

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
    // Nothing is lost: when nothing can be saved, the form stays open with what was typed in it.
    if (!(await services.canSave(SAVE_CHECK_MS))) {
      await ack({ response_action: 'errors', errors: { [FIELD.title]: CANNOT_SAVE } });
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
