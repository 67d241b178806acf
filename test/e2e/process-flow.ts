import type { ModalView } from '@slack/types';
import { CALLBACK } from '../../src/slack/ids.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import type { FakeSlack } from '../fakes/slack-api.ts';
import { SlackTestClient, viewSubmissionPayload } from '../fakes/slack-client.ts';
import type { BotProcess } from '../support/bot-process.ts';
import { ANSWERS, CHANNEL, REQUESTER } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';

/** `/release-plan` sent to a bot process, and its form filled and submitted like a person would. */
export async function requestPlanOn(bot: BotProcess, slack: FakeSlack): Promise<void> {
  const client = new SlackTestClient({
    baseUrl: `http://127.0.0.1:${bot.port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
  const opened = slack.callsTo('views.open').length;
  await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
  await slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'views.open');
  const last = slack.lastView();
  const view = last?.view as unknown as ModalView;
  await client.viewSubmission(
    viewSubmissionPayload({
      userId: REQUESTER,
      viewId: last?.id ?? '',
      callbackId: CALLBACK.planRequest,
      privateMetadata: view.private_metadata ?? '',
      values: fillModal(view, ANSWERS),
    }),
  );
}
