import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reusableView } from '../../src/slack/blocks/reused-view.ts';
import { directViewsOpen } from '../../src/slack/direct-call.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';

const VIEW = {
  type: 'modal' as const,
  callback_id: 'x',
  title: { type: 'plain_text' as const, text: 'Release plan' },
  blocks: [],
};

describe('directViewsOpen', () => {
  let fake: FakeSlack;
  const limited: string[] = [];
  let open: ReturnType<typeof directViewsOpen>;

  beforeAll(async () => {
    fake = await startFakeSlack();
    open = directViewsOpen({
      apiUrl: fake.url,
      token: 'xoxb-test',
      timeoutMs: 2_000,
      onRateLimited: (m) => void limited.push(m),
    });
  });
  afterAll(() => fake.close());

  it('opens the view as one JSON call with the bot token', async () => {
    const result = await open({ trigger_id: '1.2.abc', view: VIEW });
    // Only `ok` is read from a successful answer (the echoed view is not parsed).
    expect(result).toEqual({ ok: true });
    const call = fake.callsTo('views.open').at(-1);
    expect(call?.token).toBe('xoxb-test');
    expect(call?.args).toMatchObject({ trigger_id: '1.2.abc', view: { callback_id: 'x' } });
    expect(fake.violations).toEqual([]);
  });

  it("throws WebClient's error classes, so callers tell failures apart as before", async () => {
    fake.failNext('views.open', { error: 'expired_trigger_id' });
    const platform = await open({ trigger_id: '1', view: VIEW }).catch((e: unknown) => e);
    expect(platform).toBeInstanceOf(WebAPIPlatformError);
    expect((platform as WebAPIPlatformError).data.error).toBe('expired_trigger_id');

    fake.failNext('views.open', { status: 429, retryAfterSec: 7 });
    const rate = await open({ trigger_id: '2', view: VIEW }).catch((e: unknown) => e);
    expect(rate).toBeInstanceOf(WebAPIRateLimitedError);
    expect((rate as WebAPIRateLimitedError).retryAfter).toBe(7);
    expect(limited).toEqual(['views.open']);

    fake.failNext('views.open', { status: 500 });
    await expect(open({ trigger_id: '3', view: VIEW })).rejects.toBeInstanceOf(WebAPIHTTPError);
  });

  it('reports an answer cut off part way as a request error', async () => {
    const cutting = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '400' });
      res.write('{"ok":true,"view":{"id":"V1",');
      setTimeout(() => res.socket?.destroy(), 20);
    });
    await new Promise<void>((resolve) => cutting.listen(0, '127.0.0.1', resolve));
    const { port } = cutting.address() as AddressInfo;
    const cut = directViewsOpen({
      apiUrl: `http://127.0.0.1:${port}/api/`,
      token: 'xoxb-test',
      timeoutMs: 2_000,
    });
    await expect(cut({ trigger_id: '5', view: VIEW })).rejects.toBeInstanceOf(WebAPIRequestError);
    cutting.close();
  });

  it('sends a reused view’s blocks from their kept bytes, as Slack expects them', async () => {
    const blocks = [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text: 'Ready — “go” ✓' } }];
    const form = reusableView({ ...VIEW, blocks });
    await open({ trigger_id: '6', view: { ...form, private_metadata: '{"channelId":"C9"}' } });
    const call = fake.callsTo('views.open').at(-1);
    expect(call?.args).toMatchObject({
      trigger_id: '6',
      view: { blocks, private_metadata: '{"channelId":"C9"}' },
    });
    expect(fake.violations).toEqual([]);
  });

  it('reports a connection failure as a request error', async () => {
    const closed = directViewsOpen({ apiUrl: 'http://127.0.0.1:1/api', token: 'xoxb-test', timeoutMs: 500 });
    await expect(closed({ trigger_id: '4', view: VIEW })).rejects.toBeInstanceOf(WebAPIRequestError);
  });
});
