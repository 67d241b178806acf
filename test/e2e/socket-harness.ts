import { createServer } from 'node:net';
import type { ModalView } from '@slack/types';
import { CALLBACK } from '../../src/slack/ids.ts';
import { type Answers, fillModal } from '../fakes/modal-fill.ts';
import {
  blockActionsPayload,
  commandPayload,
  threadReplyEvent,
  viewSubmissionPayload,
} from '../fakes/slack-client.ts';
import { type FakeSocketMode, type RecordedAck, startFakeSocketMode } from '../fakes/socket-mode.ts';
import { ANSWERS, buttonsOf, CHANNEL, REQUESTER, root } from './flow.ts';
import { type Harness, type HarnessOptions, startHarness } from './harness.ts';

export const APP_TOKEN = 'xapp-1-A0FAKEAPP-1-test-app-level-token';

export interface SocketHarness extends Harness {
  socket: FakeSocketMode;
  /** Bolt's own HTTP server in Socket Mode (installerOptions.port): /healthz, /readyz, /metrics. */
  httpPort: number;
}

/** A port free a moment ago: Bolt does not report the one its Socket Mode HTTP server bound. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

/**
 * The real app in Socket Mode (SLACK_APP_TOKEN set, no signing secret) against the fake Slack, the
 * fake models and a fake Socket Mode server. Stops the app before the socket server, so the app
 * closes its connection itself and does not try to reconnect.
 */
export async function startSocketHarness(options: HarnessOptions = {}): Promise<SocketHarness> {
  const socket = await startFakeSocketMode();
  const httpPort = await freePort();
  const h = await startHarness({
    ...options,
    env: { SLACK_SIGNING_SECRET: '', SLACK_APP_TOKEN: APP_TOKEN, PORT: String(httpPort), ...options.env },
    beforeStart: (slack) => {
      socket.attachTo(slack);
      options.beforeStart?.(slack);
    },
  }).catch(async (err: unknown) => {
    await socket.close();
    throw err;
  });
  return {
    ...h,
    socket,
    httpPort,
    async close() {
      await h.close();
      // Bolt's stop() starts the close handshake without waiting for it: give it the chance to finish.
      await socket.waitForNoConnection().catch(() => undefined);
      await socket.close();
    },
  };
}

/** Types /release-plan over the socket; returns the envelope's ack and the modal the bot opened. */
export async function openModal(s: SocketHarness, text = '') {
  const opened = s.slack.callsTo('views.open').length;
  const fields = commandPayload({
    text,
    userId: REQUESTER,
    channelId: CHANNEL,
    responseUrlBase: s.slack.responseUrlBase,
  });
  const envelopeId = s.socket.command(fields);
  const ack = await s.socket.waitForAck(envelopeId);
  await s.slack.waitFor((f) => f.callsTo('views.open').length > opened, 5000, 'views.open');
  const call = s.slack.callsTo('views.open').at(-1);
  const view = s.slack.lastView();
  if (!view || !call) throw new Error('no view was opened');
  return {
    envelopeId,
    ack,
    triggerId: fields.trigger_id,
    call,
    viewId: view.id,
    view: view.view as unknown as ModalView,
  };
}

/** Submits the request modal over the socket, as a person would; resolves with the ack. */
export async function submitModal(
  s: SocketHarness,
  opened: { viewId: string; view: ModalView },
  answers: Answers = {},
): Promise<{ envelopeId: string; ack: RecordedAck }> {
  const envelopeId = s.socket.interactive(
    viewSubmissionPayload({
      userId: REQUESTER,
      viewId: opened.viewId,
      callbackId: CALLBACK.planRequest,
      privateMetadata: opened.view.private_metadata ?? '',
      values: fillModal(opened.view, { ...ANSWERS, ...answers }),
    }),
  );
  return { envelopeId, ack: await s.socket.waitForAck(envelopeId) };
}

/** Clicks a button of a message in the plan's thread, delivered as an `interactive` envelope. */
export async function click(
  s: SocketHarness,
  message: { ts: string; blocks: unknown[] },
  actionId: string,
  userId = REQUESTER,
): Promise<{ envelopeId: string; ack: RecordedAck }> {
  const button = buttonsOf(message).find((b) => b.actionId === actionId);
  if (!button) throw new Error(`no ${actionId} button on the message`);
  const envelopeId = s.socket.interactive(
    blockActionsPayload({
      userId,
      channelId: CHANNEL,
      messageTs: message.ts,
      threadTs: root(s).ts,
      actionId,
      blockId: button.blockId,
      value: button.value,
    }),
  );
  return { envelopeId, ack: await s.socket.waitForAck(envelopeId) };
}

/** A reply in the plan's thread, delivered as an `events_api` envelope. */
export async function reply(
  s: SocketHarness,
  text: string,
  user: string,
  ts: string,
): Promise<{ envelopeId: string; ack: RecordedAck }> {
  const envelopeId = s.socket.event(
    threadReplyEvent({ channel: CHANNEL, user, text, ts, threadTs: root(s).ts }),
  );
  return { envelopeId, ack: await s.socket.waitForAck(envelopeId) };
}
