import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, LogLevel, verifySlackRequest } from '@slack/bolt';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebClient,
  type WebClientOptions,
} from '@slack/web-api';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { COMMAND } from '../../src/slack/ids.ts';
import { type FakeSlack, startFakeSlack } from './slack-api.ts';
import {
  blockActionsPayload,
  SlackTestClient,
  sign,
  threadReplyEvent,
  viewSubmissionPayload,
} from './slack-client.ts';
import { specsAvailable, specsDir } from './specs.ts';

const haveSpecs = specsAvailable(specsDir(), ['webApi']);
if (!haveSpecs)
  console.warn(`slack-api.test.ts: no Web API spec in ${specsDir()}; validation tests skipped.`);

function webClient(fake: FakeSlack, options: WebClientOptions = {}, token = 'xoxb-test') {
  return new WebClient(token, {
    slackApiUrl: fake.url,
    retryConfig: { retries: 0 },
    logLevel: LogLevel.ERROR,
    ...options,
  });
}

async function failureOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected the call to fail');
}

const modal = {
  type: 'modal',
  callback_id: 'plan_request',
  title: { type: 'plain_text', text: 'Plan' },
  blocks: [],
};

describe('fake Slack Web API through a real WebClient', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = webClient(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('serves on 127.0.0.1 under /api/', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/$/);
  });

  it('keeps a channel root, its thread and in-place updates', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'Drafting 0/6…' } }];
    const root = await client.chat.postMessage({ channel: 'C1', text: 'Plan', blocks });
    expect(root).toMatchObject({
      ok: true,
      channel: 'C1',
      message: { text: 'Plan', user: 'UBOT', bot_id: 'BBOT' },
    });
    const rootTs = root.ts ?? '';
    const first = await client.chat.postMessage({ channel: 'C1', thread_ts: rootTs, text: 'Scorecard' });
    const second = await client.chat.postMessage({ channel: 'C1', thread_ts: rootTs, text: 'Toolchain' });
    await client.chat.postMessage({ channel: 'C2', text: 'elsewhere' });
    const updated = await client.chat.update({ channel: 'C1', ts: rootTs, text: 'Plan ready', blocks: [] });

    expect(updated).toMatchObject({ ok: true, channel: 'C1', ts: rootTs, text: 'Plan ready' });
    expect(fake.message('C1', rootTs)).toMatchObject({ text: 'Plan ready', blocks: [], edits: 1 });
    expect(fake.thread('C1', rootTs).map((m) => m.text)).toEqual(['Scorecard', 'Toolchain']);
    expect(fake.rootMessages('C1').map((m) => m.ts)).toEqual([rootTs]);
    const stamps = [rootTs, first.ts ?? '', second.ts ?? ''];
    expect(stamps.every((ts) => /^\d{10}\.\d{6}$/.test(ts))).toBe(true);
    expect([...stamps].sort((a, b) => Number(a) - Number(b))).toEqual(stamps);
    expect(new Set(stamps).size).toBe(3);
  });

  it('records each call with its JSON-string arguments parsed back, its token and its size', async () => {
    const blocks = [{ type: 'divider' }];
    await client.chat.postMessage({ channel: 'C1', text: '{"not":"parsed"}', blocks });
    const [call] = fake.callsTo('chat.postMessage');
    expect(call?.args).toEqual({ channel: 'C1', text: '{"not":"parsed"}', blocks });
    expect(call?.token).toBe('xoxb-test');
    expect(call?.bytes).toBeGreaterThan(20);
    expect(call?.at).toBeGreaterThan(0);
    expect(call?.response).toEqual({ status: 200, ok: true });
  });

  it.each([
    {
      name: 'update of an unknown message',
      call: () => client.chat.update({ channel: 'C1', ts: '1.2', text: 'x' }),
      error: 'message_not_found',
    },
    {
      name: 'message without content',
      call: () => client.chat.postMessage({ channel: 'C1', text: '' }),
      error: 'no_text',
    },
    {
      name: 'more than 50 blocks',
      call: () =>
        client.chat.postMessage({ channel: 'C1', text: 't', blocks: Array(51).fill({ type: 'divider' }) }),
      error: 'invalid_blocks',
    },
    {
      name: 'unknown user group',
      call: () => client.usergroups.users.list({ usergroup: 'S404' }),
      error: 'no_such_subteam',
    },
    {
      name: 'call without a token',
      call: () => webClient(fake, {}, '').auth.test(),
      error: 'not_authed',
    },
  ])('answers $name with $error', async ({ call, error }) => {
    const err = await failureOf(call());
    expect(err).toBeInstanceOf(WebAPIPlatformError);
    expect((err as WebAPIPlatformError).data.error).toBe(error);
    expect(fake.violations).toEqual([]);
  });

  it('deletes messages', async () => {
    const { ts = '' } = await client.chat.postMessage({ channel: 'C1', text: 'stale part' });
    await client.chat.delete({ channel: 'C1', ts });
    expect(fake.message('C1', ts)).toBeUndefined();
  });

  it('answers the read methods realistically', async () => {
    fake.setUsergroup('S1', ['U1', 'U2']);
    fake.setUser({ id: 'U1', real_name: 'Ada Lovelace', display_name: 'ada' });
    const { ts = '' } = await client.chat.postMessage({ channel: 'C1', text: 'root' });

    expect(await client.auth.test()).toMatchObject({
      ok: true,
      team_id: 'T1',
      user_id: 'UBOT',
      bot_id: 'BBOT',
    });
    expect(await client.usergroups.users.list({ usergroup: 'S1' })).toMatchObject({ users: ['U1', 'U2'] });
    expect(await client.users.info({ user: 'U1' })).toMatchObject({
      user: { id: 'U1', real_name: 'Ada Lovelace', profile: { display_name: 'ada' } },
    });
    expect(await client.conversations.info({ channel: 'G1' })).toMatchObject({
      channel: { id: 'G1', is_private: true },
    });
    expect((await client.chat.getPermalink({ channel: 'C1', message_ts: ts })).permalink).toMatch(
      new RegExp(`/archives/C1/p${ts.replace('.', '')}$`),
    );
    expect((await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' })).message_ts).toMatch(
      /^\d+\.\d{6}$/,
    );
  });

  it('keeps users and user groups across reset()', async () => {
    fake.setUsergroup('S1', ['U1']);
    fake.reset();
    expect(await client.usergroups.users.list({ usergroup: 'S1' })).toMatchObject({ users: ['U1'] });
  });

  it('opens and updates views, with single-use trigger ids and hash checks', async () => {
    const opened = await client.views.open({ trigger_id: 'trigger-1', view: modal as never });
    const view = opened.view ?? {};
    expect(view).toMatchObject({
      id: expect.stringMatching(/^V/),
      callback_id: 'plan_request',
      team_id: 'T1',
    });

    const reused = await failureOf(client.views.open({ trigger_id: 'trigger-1', view: modal as never }));
    expect((reused as WebAPIPlatformError).data.error).toBe('expired_trigger_id');
    const stale = await failureOf(
      client.views.update({ view_id: view.id ?? '', hash: 'old', view: modal as never }),
    );
    expect((stale as WebAPIPlatformError).data.error).toBe('hash_conflict');

    const updated = await client.views.update({
      view_id: view.id ?? '',
      hash: view.hash ?? '',
      view: modal as never,
    });
    expect(updated.view?.id).toBe(view.id);
    expect(updated.view?.hash).not.toBe(view.hash);
    expect(fake.view(view.id ?? '')?.hash).toBe(updated.view?.hash);
  });

  it('keeps only short arguments and view ids when lean, and still answers in full', async () => {
    fake.lean = true;
    try {
      const opened = await client.views.open({ trigger_id: 'trigger-lean', view: modal as never });
      expect(opened.view).toMatchObject({ callback_id: 'plan_request' });
      expect(fake.callsTo('views.open')[0]?.args).toEqual({ trigger_id: 'trigger-lean' });
      const kept = fake.view(opened.view?.id ?? '');
      expect(kept?.view).toEqual({ id: opened.view?.id, hash: opened.view?.hash });

      const updated = await client.views.update({
        view_id: opened.view?.id ?? '',
        hash: opened.view?.hash ?? '',
        view: modal as never,
      });
      expect(updated.view).toMatchObject({ id: opened.view?.id, callback_id: 'plan_request' });
    } finally {
      fake.lean = false;
    }
  });

  it('serves response_url posts and records them', async () => {
    const res = await fetch(`${fake.responseUrlBase}T1/1/fake`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ response_type: 'ephemeral', text: 'usage' }),
    });
    expect(res.status).toBe(200);
    expect(fake.responses).toEqual([
      {
        path: '/response/T1/1/fake',
        body: { response_type: 'ephemeral', text: 'usage' },
        at: expect.any(Number),
      },
    ]);
  });

  describe('failNext', () => {
    it.each([
      {
        name: 'a platform error',
        failure: { error: 'not_in_channel' },
        options: {},
        errorClass: WebAPIPlatformError,
        shape: { data: { ok: false, error: 'not_in_channel' } },
      },
      {
        name: 'HTTP 500',
        failure: { status: 500 as const },
        options: {},
        errorClass: WebAPIHTTPError,
        shape: { statusCode: 500 },
      },
      {
        name: 'HTTP 429',
        failure: { status: 429 as const, retryAfterSec: 7 },
        options: { rejectRateLimitedCalls: true },
        errorClass: WebAPIRateLimitedError,
        shape: { retryAfter: 7 },
      },
    ])('fails with $name, then answers normally', async ({ failure, options, errorClass, shape }) => {
      const scripted = webClient(fake, options);
      fake.failNext('chat.postMessage', failure);
      const err = await failureOf(scripted.chat.postMessage({ channel: 'C1', text: 'x' }));
      expect(err).toBeInstanceOf(errorClass);
      expect(err).toMatchObject(shape);
      await expect(scripted.chat.postMessage({ channel: 'C1', text: 'x' })).resolves.toMatchObject({
        ok: true,
      });
      expect(fake.rootMessages('C1')).toHaveLength(1);
    });

    it('fails as many times as asked, and only the named method', async () => {
      fake.failNext('chat.update', { error: 'cant_update_message' }, 2);
      const { ts = '' } = await client.chat.postMessage({ channel: 'C1', text: 'x' });
      for (let i = 0; i < 2; i++)
        await expect(client.chat.update({ channel: 'C1', ts, text: 'y' })).rejects.toThrow();
      await expect(client.chat.update({ channel: 'C1', ts, text: 'y' })).resolves.toMatchObject({ ok: true });
      expect(fake.callsTo('chat.update').map((c) => c.response?.error ?? 'ok')).toEqual([
        'cant_update_message',
        'cant_update_message',
        'ok',
      ]);
    });
    it('with `after`, lets that many calls through first', async () => {
      fake.failNext('auth.test', { error: 'invalid_auth' }, 1, 1);
      await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
      await expect(client.auth.test()).rejects.toThrow(/invalid_auth/);
      await expect(client.auth.test()).resolves.toMatchObject({ ok: true });
    });
  });

  it('stallNext delays the answer; the call is visible while it waits', async () => {
    fake.stallNext('auth.test', 150);
    const started = Date.now();
    const pending = client.auth.test();
    await fake.waitFor((f) => f.callsTo('auth.test').length === 1, 1000, 'auth.test to arrive');
    expect(fake.callsTo('auth.test')[0]?.response).toBeUndefined();
    await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('waitFor resolves on a later call and times out naming what it waited for and the calls so far', async () => {
    const waiting = fake.waitFor((f) => f.callsTo('chat.postMessage').length > 0, 2000, 'a post');
    await client.auth.test();
    await client.chat.postMessage({ channel: 'C1', text: 'x' });
    await expect(waiting).resolves.toBeUndefined();

    await expect(fake.waitFor(() => false, 50, 'the plan root')).rejects.toThrow(
      /waiting for the plan root\.\n2 Slack Web API call\(s\): auth\.test ×1, chat\.postMessage ×1/,
    );
  });
});

describe('fake Slack without specs', () => {
  it('skips validation, and says so, when the specs are absent', async () => {
    const unchecked = await startFakeSlack({ specsDir: '/nonexistent/specs' });
    try {
      expect(unchecked.validation).toBe('skipped (no specs at /nonexistent/specs)');
      await webClient(unchecked).apiCall('chat.postMessage', { channel: 'C1', text: 'x', colour: 'red' });
      expect(unchecked.violations).toEqual([]);
    } finally {
      await unchecked.close();
    }
  });
});

describe.skipIf(!haveSpecs)('fake Slack: validation against the OpenAPI description', () => {
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack();
    client = webClient(fake);
  });
  afterEach(() => fake.reset());
  afterAll(() => fake.close());

  it('says validation is on', () => {
    expect(fake.validation).toMatch(/^on \(\d+ methods/);
  });

  it.each([
    {
      name: 'an unknown argument',
      call: () => client.apiCall('chat.postMessage', { channel: 'C1', text: 'x', colour: 'red' }),
      violation: {
        method: 'chat.postMessage',
        error: 'invalid_arguments',
        detail: 'unknown argument(s) colour',
      },
    },
    {
      name: 'a missing required argument',
      call: () => client.apiCall('chat.update', { channel: 'C1', text: 'x' }),
      violation: {
        method: 'chat.update',
        error: 'invalid_arguments',
        detail: 'missing required argument(s) ts',
      },
    },
    {
      name: 'an unknown method',
      call: () => client.apiCall('chat.postMessages', { channel: 'C1' }),
      violation: { method: 'chat.postMessages', error: 'unknown_method' },
    },
  ])('rejects and records $name', async ({ call, violation }) => {
    const err = await failureOf(call());
    expect((err as WebAPIPlatformError).data.error).toBe(violation.error);
    expect(fake.violations).toEqual([expect.objectContaining(violation)]);
    expect(fake.rootMessages('C1')).toEqual([]);
  });

  it('records a JSON argument that does not parse', async () => {
    const res = await fetch(`${fake.url}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: 'Bearer xoxb-test', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ channel: 'C1', text: 'x', blocks: '[{"type":' }).toString(),
    });
    expect(await res.json()).toEqual({ ok: false, error: 'invalid_arguments' });
    expect(fake.violations).toEqual([expect.objectContaining({ detail: 'blocks is not valid JSON' })]);
  });

  it.each([
    {
      name: 'metadata on chat.postMessage',
      call: (c: WebClient) =>
        c.chat.postMessage({
          channel: 'C1',
          text: 'x',
          metadata: { event_type: 'plan', event_payload: { id: '1' } },
        }),
    },
    { name: 'team_id, as Bolt adds it', call: () => webClient(fake, { teamId: 'T1' }).auth.test() },
    {
      // Only an app-level token opens a connection, and only with a Socket Mode server attached.
      name: 'apps.connections.open',
      call: () => {
        fake.socketModeUrl = () => 'ws://127.0.0.1:1/link/?ticket=unused';
        return webClient(fake, {}, 'xapp-1-test').apiCall('apps.connections.open');
      },
    },
    {
      name: 'views.open (described under GET)',
      call: (c: WebClient) => c.views.open({ trigger_id: 't-get', view: modal as never }),
    },
    {
      name: 'chat.update with parse: none',
      call: async (c: WebClient) => {
        const { ts = '' } = await c.chat.postMessage({ channel: 'C1', text: 'x' });
        return c.chat.update({ channel: 'C1', ts, text: 'y', parse: 'none' });
      },
    },
  ])('accepts the named extra: $name', async ({ call }) => {
    await call(client);
    expect(fake.calls.length).toBeGreaterThan(0);
    expect(fake.violations).toEqual([]);
  });
});

describe('fake Slack: chat.postMessage rate limit per channel', () => {
  let now = 0;
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({ rateLimit: { postMessagePerChannelPerSec: 1, burst: 3 }, now: () => now });
    client = webClient(fake, { rejectRateLimitedCalls: true });
  });
  afterAll(() => fake.close());

  it('allows a burst, answers 429 with Retry-After beyond it, per channel, and refills with time', async () => {
    for (let i = 0; i < 3; i++) await client.chat.postMessage({ channel: 'C1', text: `part ${i}` });
    const err = await failureOf(client.chat.postMessage({ channel: 'C1', text: 'one too many' }));
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(1);
    await expect(client.chat.postMessage({ channel: 'C2', text: 'other channel' })).resolves.toMatchObject({
      ok: true,
    });
    expect(fake.rateLimited).toBe(1);

    now += 1000;
    await expect(client.chat.postMessage({ channel: 'C1', text: 'after a second' })).resolves.toMatchObject({
      ok: true,
    });
    await expect(client.chat.postMessage({ channel: 'C1', text: 'too soon' })).rejects.toBeInstanceOf(
      WebAPIRateLimitedError,
    );
    expect(fake.rootMessages('C1')).toHaveLength(4);
    expect(fake.rateLimited).toBe(2);
  });
});

interface Captured {
  headers: IncomingHttpHeaders;
  body: string;
}

async function captureServer(): Promise<{ server: Server; baseUrl: string; captured: Captured[] }> {
  const captured: Captured[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      captured.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, captured };
}

function verify(secret: string, { headers, body }: Captured): void {
  verifySlackRequest({
    signingSecret: secret,
    body,
    headers: {
      'x-slack-signature': String(headers['x-slack-signature']),
      'x-slack-request-timestamp': Number(headers['x-slack-request-timestamp']),
    },
  });
}

describe('sign()', () => {
  it("matches Slack's documented example", () => {
    const body =
      'token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&' +
      'channel_name=foobar&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&' +
      'response_url=https%3A%2F%2Fhooks.slack.com%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&' +
      'trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c';
    expect(sign('8f742231b10e8888abcd99yyyzzz85a5', body, 1531420618)).toBe(
      'v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503',
    );
  });

  it("signs SlackTestClient requests so that Bolt's verifySlackRequest accepts them, and tampered ones not", async () => {
    const { server, baseUrl, captured } = await captureServer();
    try {
      const slack = new SlackTestClient({ baseUrl, signingSecret: 'secret' });
      await slack.command({ text: 'help', userId: 'U1', channelId: 'C1' });
      await slack.command({ text: 'help', userId: 'U1', channelId: 'C1' }, { wrongSignature: true });
      await slack.command({ text: 'help', userId: 'U1', channelId: 'C1' }, { staleTimestamp: true });
      const [good, wrong, stale] = captured as [Captured, Captured, Captured];
      expect(good.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(() => verify('secret', good)).not.toThrow();
      expect(() => verify('secret', wrong)).toThrow(/signature mismatch/);
      expect(() => verify('secret', stale)).toThrow(/stale/);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('SlackTestClient against a real Bolt app', () => {
  const SECRET = 'test-signing-secret';
  let fake: FakeSlack;
  let app: App;
  let slack: SlackTestClient;
  const seen: { kind: string; body: unknown; retryNum?: number }[] = [];

  beforeAll(async () => {
    fake = await startFakeSlack();
    app = new App({
      token: 'xoxb-test',
      signingSecret: SECRET,
      botId: 'BBOT',
      botUserId: 'UBOT',
      logLevel: LogLevel.ERROR,
      clientOptions: { slackApiUrl: fake.url, retryConfig: { retries: 0 } },
    });
    app.command(COMMAND, async ({ ack, body, client }) => {
      await ack();
      seen.push({ kind: 'command', body });
      await client.views.open({ trigger_id: body.trigger_id, view: modal as never });
    });
    app.view('plan_request', async ({ ack, body }) => {
      seen.push({ kind: 'view', body });
      await ack({ response_action: 'errors', errors: { title: 'Give the plan a title' } });
    });
    app.action('approve', async ({ ack, body }) => {
      await ack();
      seen.push({ kind: 'action', body });
    });
    app.event('message', async ({ event, context }) => {
      seen.push({
        kind: 'event',
        body: event,
        ...(context.retryNum !== undefined ? { retryNum: context.retryNum } : {}),
      });
    });
    const server = (await app.start(0)) as Server;
    slack = new SlackTestClient({
      baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
      signingSecret: SECRET,
      responseUrlBase: fake.responseUrlBase,
    });
  });
  afterEach(() => {
    seen.length = 0;
    fake.reset();
  });
  afterAll(async () => {
    await app.stop();
    await fake.close();
  });

  it('delivers a slash command; the modal opens through the fake with no spec violation', async () => {
    const res = await slack.command({
      text: 'Payments v2',
      userId: 'U1',
      channelId: 'C1',
      triggerId: 'trig-1',
    });
    expect(res.status).toBe(200);
    await fake.waitFor((f) => f.callsTo('views.open').length === 1, 2000, 'views.open');
    expect(seen[0]?.body).toMatchObject({
      command: COMMAND,
      text: 'Payments v2',
      user_id: 'U1',
      channel_id: 'C1',
    });
    expect(seen[0]?.body).toMatchObject({
      response_url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/response\//),
    });
    // Bolt passes the request's team to its WebClient, which sends team_id on every call.
    expect(fake.callsTo('views.open')[0]?.args).toMatchObject({ trigger_id: 'trig-1', team_id: 'T1' });
    expect(fake.violations).toEqual([]);
  });

  it('delivers a view submission and returns the ack body', async () => {
    const values = { title: { title: { type: 'plain_text_input', value: '' } } };
    const payload = viewSubmissionPayload({
      userId: 'U1',
      viewId: 'V1',
      callbackId: 'plan_request',
      privateMetadata: '{"channelId":"C1"}',
      values,
    });
    const res = await slack.viewSubmission(payload);
    expect(res.status).toBe(200);
    expect(res.json()).toEqual({ response_action: 'errors', errors: { title: 'Give the plan a title' } });
    expect(seen[0]?.body).toMatchObject({
      view: { id: 'V1', private_metadata: '{"channelId":"C1"}', state: { values } },
    });
  });

  it('delivers block actions', async () => {
    const payload = blockActionsPayload({
      userId: 'U2',
      channelId: 'C1',
      messageTs: '1700000000.000100',
      threadTs: '1700000000.000050',
      actionId: 'approve',
      blockId: 'item',
      value: '{"planId":"p"}',
    });
    expect((await slack.blockActions(payload)).status).toBe(200);
    expect(seen[0]?.body).toMatchObject({ actions: [{ action_id: 'approve', value: '{"planId":"p"}' }] });
  });

  it('delivers thread reply events with Slack retry headers', async () => {
    const envelope = threadReplyEvent({
      channel: 'C1',
      user: 'U3',
      text: 'add a canary',
      ts: '1700000001.000100',
      threadTs: '1700000000.000100',
    });
    const res = await slack.event(envelope, { retryNum: 1, retryReason: 'http_timeout' });
    expect(res.status).toBe(200);
    await expect.poll(() => seen.length).toBe(1);
    expect(seen[0]).toMatchObject({
      kind: 'event',
      retryNum: 1,
      body: { text: 'add a canary', thread_ts: '1700000000.000100' },
    });
  });

  it.each([
    { name: 'a wrong signature', tamper: { wrongSignature: true } },
    { name: 'a stale timestamp', tamper: { staleTimestamp: true } },
  ])('is refused with 401 for $name', async ({ tamper }) => {
    const res = await slack.command({ text: '', userId: 'U1', channelId: 'C1' }, tamper);
    expect(res.status).toBe(401);
    expect(seen).toEqual([]);
  });
});

describe('fake Slack: per-method, per-workspace limits', () => {
  let now = 0;
  let fake: FakeSlack;
  let client: WebClient;

  beforeAll(async () => {
    fake = await startFakeSlack({ methodLimits: true, now: () => now });
    client = webClient(fake, { rejectRateLimitedCalls: true });
  });
  afterAll(() => fake.close());

  it("answers 429 beyond a method's tier budget (chat.update, Tier 3: 50/min, burst 5), across channels", async () => {
    const posted = await client.chat.postMessage({ channel: 'C1', text: 'root' });
    const ts = posted.ts ?? '';
    for (let i = 0; i < 5; i++) await client.chat.update({ channel: 'C1', ts, text: `v${i}` });
    const err = await failureOf(client.chat.update({ channel: 'C1', ts, text: 'one too many' }));
    expect(err).toBeInstanceOf(WebAPIRateLimitedError);
    expect((err as WebAPIRateLimitedError).retryAfter).toBe(2);
    expect(fake.rateLimitedBy.get('chat.update')).toBe(1);
    // Another method has its own budget.
    await expect(client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'hi' })).resolves.toMatchObject(
      {
        ok: true,
      },
    );
    now += 1200;
    await expect(client.chat.update({ channel: 'C1', ts, text: 'a token later' })).resolves.toMatchObject({
      ok: true,
    });
    expect(fake.rateLimited).toBe(1);
  });
});
