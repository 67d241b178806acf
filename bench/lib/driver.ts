import type { ModalView } from '@slack/types';
import { CALLBACK } from '../../src/slack/ids.ts';
import { ANSWERS, REQUESTER } from '../../test/e2e/flow.ts';
import { fillModal } from '../../test/fakes/modal-fill.ts';
import type { FakeMessage, FakeSlack } from '../../test/fakes/slack-api.ts';
import {
  SlackTestClient,
  type SlackTestResponse,
  viewSubmissionPayload,
} from '../../test/fakes/slack-client.ts';
import { SIGNING_SECRET } from './apps.ts';
import type { Fakes } from './fakes.ts';
import type { AppProcess } from './processes.ts';
import { pollUntil } from './wait.ts';

/** What a person does in Slack, sent to an app process as signed requests. */
export interface Driver {
  slack: FakeSlack;
  client: SlackTestClient;
}

export interface OpenedModal {
  viewId: string;
  view: ModalView;
  channel: string;
}

export function driverFor(app: AppProcess, fakes: Fakes): Driver {
  return {
    slack: fakes.slack,
    client: new SlackTestClient({
      baseUrl: `http://127.0.0.1:${app.port}`,
      signingSecret: SIGNING_SECRET,
      responseUrlBase: fakes.slack.responseUrlBase,
    }),
  };
}

function expectOk(res: SlackTestResponse, what: string): void {
  if (res.status !== 200) throw new Error(`${what} answered ${res.status}: ${res.text}`);
}

/** /release-plan in `channel`, then the modal the bot opened. One at a time: views are told apart by order. */
export async function openRequestModal(driver: Driver, channel: string): Promise<OpenedModal> {
  const opened = driver.slack.callsTo('views.open').length;
  expectOk(await driver.client.command({ text: '', userId: REQUESTER, channelId: channel }), 'the command');
  await pollUntil(() => driver.slack.callsTo('views.open').length > opened, {
    what: 'views.open',
    timeoutMs: 10_000,
    intervalMs: 5,
  });
  const view = driver.slack.lastView();
  if (!view) throw new Error('no view was opened');
  return { viewId: view.id, view: view.view as unknown as ModalView, channel };
}

/** The body Slack sends when the modal is submitted with the e2e tests' answers. */
export function submissionPayload(opened: OpenedModal) {
  return viewSubmissionPayload({
    userId: REQUESTER,
    viewId: opened.viewId,
    callbackId: CALLBACK.planRequest,
    privateMetadata: opened.view.private_metadata ?? '',
    values: fillModal(opened.view, ANSWERS),
  });
}

export async function submitRequestModal(driver: Driver, opened: OpenedModal): Promise<void> {
  expectOk(await driver.client.viewSubmission(submissionPayload(opened)), 'the submission');
}

export type PlanOutcome = 'drafting' | 'ready' | 'failed';

/** Read from the root message's fallback text ("Release plan: … — ready (yellow)"). */
export function planOutcome(root: Pick<FakeMessage, 'text'>): PlanOutcome {
  if (/— drafting stopped/.test(root.text)) return 'failed';
  if (/— ready/.test(root.text)) return 'ready';
  return 'drafting';
}
