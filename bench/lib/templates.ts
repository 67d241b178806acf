import { once } from 'node:events';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ACTION, BLOCK } from '../../src/slack/ids.ts';
import { REQUESTER } from '../../test/e2e/flow.ts';
import { blockActionsPayload, SlackTestClient } from '../../test/fakes/slack-client.ts';
import { SIGNING_SECRET } from './apps.ts';
import { type OpenedModal, submissionPayload } from './driver.ts';

export type LoadKind = 'command' | 'click' | 'submission';

/** One request as Slack sends it; the load client makes each send unique and signs it. */
export interface RequestTemplate {
  kind: LoadKind;
  label: string;
  body: string;
  contentType: string;
}

/** A well-formed plan id no plan has: Retry then takes its cheap path (look the plan up, do nothing). */
export const UNKNOWN_PLAN_ID = '00000000-0000-4000-8000-000000000000';

interface Captured {
  body: string;
  contentType: string;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Records what SlackTestClient sends instead of building Slack's bodies again here: a loopback
 * server that keeps the last request and answers 200.
 */
async function captureWith(send: (client: SlackTestClient) => Promise<unknown>): Promise<Captured> {
  let captured: Captured | undefined;
  const server = createServer((req, res) => {
    readBody(req).then(
      (body) => {
        captured = { body, contentType: String(req.headers['content-type']) };
        res.end();
      },
      () => res.destroy(),
    );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  try {
    await send(new SlackTestClient({ baseUrl: `http://127.0.0.1:${port}`, signingSecret: SIGNING_SECRET }));
  } finally {
    server.close();
  }
  if (!captured) throw new Error('the test client sent nothing');
  return captured;
}

/**
 * The three request kinds of the ack benchmark. `submission` re-submits a modal that already made
 * its plan: the listener validates and acks it, and the plan service drops it as a duplicate.
 */
export async function captureTemplates(channel: string, submitted: OpenedModal): Promise<RequestTemplate[]> {
  const command = await captureWith((c) => c.command({ text: '', userId: REQUESTER, channelId: channel }));
  const click = await captureWith((c) =>
    c.blockActions(
      blockActionsPayload({
        userId: REQUESTER,
        channelId: channel,
        messageTs: '1700000000.000100',
        actionId: ACTION.retryPlan,
        blockId: BLOCK.failure,
        value: JSON.stringify({ planId: UNKNOWN_PLAN_ID }),
      }),
    ),
  );
  const submission = await captureWith((c) => c.viewSubmission(submissionPayload(submitted)));
  return [
    { kind: 'command', label: 'slash command', ...command },
    { kind: 'click', label: 'button click (Retry, unknown plan)', ...click },
    { kind: 'submission', label: 'view submission (duplicate)', ...submission },
  ];
}
