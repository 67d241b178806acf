import { LogLevel } from '@slack/bolt';
import { WebAPIPlatformError, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeSlack, startFakeSlack } from './slack-api.ts';
import { type FakeSocketMode, startFakeSocketMode } from './socket-mode.ts';

function appClient(slack: FakeSlack, token: string): WebClient {
  return new WebClient(token, {
    slackApiUrl: slack.url,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
  });
}

async function errorOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof WebAPIPlatformError) return err.data.error;
    throw err;
  }
  throw new Error('expected the call to fail');
}

/** A client that records what the server sends; resolves once the socket opened (or failed to). */
function connect(url: string): Promise<{ ws: WebSocket; received: unknown[]; opened: boolean }> {
  const ws = new WebSocket(url);
  const received: unknown[] = [];
  ws.addEventListener('message', (event) => received.push(JSON.parse(String(event.data))));
  return new Promise((resolve) => {
    ws.addEventListener('open', () => resolve({ ws, received, opened: true }));
    ws.addEventListener('error', () => resolve({ ws, received, opened: false }));
  });
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!check()) throw new Error('condition not met');
}

describe('fake Socket Mode server', () => {
  let slack: FakeSlack;
  let socket: FakeSocketMode;
  beforeEach(async () => {
    slack = await startFakeSlack();
    socket = await startFakeSocketMode();
  });
  afterEach(async () => {
    await socket.close();
    await slack.close();
  });

  it('apps.connections.open takes only an app-level token, and needs a server attached', async () => {
    expect(await errorOf(appClient(slack, 'xapp-1-test').apps.connections.open())).toBe(
      'socket_mode_not_enabled',
    );
    socket.attachTo(slack);
    expect(await errorOf(appClient(slack, 'xoxb-test').apps.connections.open())).toBe(
      'not_allowed_token_type',
    );
    const opened = await appClient(slack, 'xapp-1-test').apps.connections.open();
    expect(opened.url).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/link\/\?ticket=/);
    expect(slack.violations).toEqual([]);
  });

  it('greets a connection with hello, records acks, and refuses a used ticket', async () => {
    const url = socket.issueUrl();
    const client = await connect(url);
    expect(client.opened).toBe(true);
    await until(() => client.received.length > 0);
    expect(client.received[0]).toMatchObject({ type: 'hello', connection_info: { app_id: 'A0FAKEAPP' } });

    const id = socket.command({ command: '/release-plan', text: '' });
    await until(() => client.received.length > 1);
    expect(client.received[1]).toEqual({
      envelope_id: id,
      type: 'slash_commands',
      payload: { command: '/release-plan', text: '' },
      accepts_response_payload: true,
    });
    client.ws.send(JSON.stringify({ envelope_id: id, payload: { text: 'hi' } }));
    client.ws.send(JSON.stringify({ envelope_id: 'not-sent', payload: {} }));
    expect((await socket.waitForAck(id)).payload).toEqual({ text: 'hi' });
    await until(() => socket.strays.length > 0);
    expect(socket.strays.map((s) => s.text)).toEqual([
      JSON.stringify({ envelope_id: 'not-sent', payload: {} }),
    ]);

    expect((await connect(url)).opened).toBe(false);
    expect(socket.refused).toBeGreaterThan(0);
    client.ws.close(1000);
    await socket.waitForNoConnection();
    expect(socket.closed).toEqual([{ connection: 1, code: 1000, initiatedBy: 'app' }]);
  });

  it('marks events_api envelopes as Slack does and closes open connections on close()', async () => {
    const client = await connect(socket.issueUrl());
    await until(() => client.received.length > 0);
    socket.event({ type: 'event_callback', event: { type: 'message' } });
    await until(() => client.received.length > 1);
    expect(client.received[1]).toMatchObject({
      type: 'events_api',
      accepts_response_payload: false,
      retry_attempt: 0,
    });
    const closed = new Promise<number>((resolve) =>
      client.ws.addEventListener('close', (event) => resolve(event.code)),
    );
    await socket.close();
    expect(await closed).toBe(1001);
    expect(socket.closed).toEqual([{ connection: 1, code: 1001, initiatedBy: 'server' }]);
  });
});
