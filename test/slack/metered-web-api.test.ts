import { LogLevel, WebClient } from '@slack/web-api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createMetrics } from '../../src/observability/metrics.ts';
import { countRateLimits, meteredWebApi, slackMethodOf } from '../../src/slack/metered-web-api.ts';
import { RecordingClient } from '../fakes/recording-client.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { parsePrometheus, sampleValue } from '../support/prometheus.ts';

async function countOf(metrics: ReturnType<typeof createMetrics>, name: string, method: string) {
  return sampleValue(parsePrometheus((await metrics.expose()).body), name, { method }) ?? 0;
}

describe('meteredWebApi', () => {
  it('counts each call by method and passes it through, result and failure alike', async () => {
    const inner = new RecordingClient();
    const metrics = createMetrics();
    const client = meteredWebApi(inner, metrics);

    const posted = await client.chat.postMessage({ channel: 'C1', text: 'hello' });
    await client.chat.update({ channel: 'C1', ts: posted.ts ?? '', text: 'edited' });
    await client.chat.postEphemeral({ channel: 'C1', user: 'U1', text: 'psst' });
    await client.views.open({
      trigger_id: 't',
      view: { type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [] },
    });
    await client.usergroups.users.list({ usergroup: 'S1' });
    await client.reactions.add({ channel: 'C1', timestamp: posted.ts ?? '', name: 'eyes' });
    await client.chat.getPermalink({ channel: 'C1', message_ts: posted.ts ?? '' });
    await client.views.publish({ user_id: 'U1', view: { type: 'home', blocks: [] } });
    inner.failNext('chat.delete', 'message_not_found');
    await expect(client.chat.delete({ channel: 'C1', ts: '1.2' })).rejects.toThrow(/message_not_found/);

    expect(inner.calls.map((c) => c.method)).toEqual([
      'chat.postMessage',
      'chat.update',
      'chat.postEphemeral',
      'views.open',
      'usergroups.users.list',
      'reactions.add',
      'chat.getPermalink',
      'views.publish',
      'chat.delete',
    ]);
    expect(inner.messages.get(posted.ts ?? '')?.text).toBe('edited');
    const name = 'release_planner_slack_api_calls_total';
    for (const method of inner.calls.map((c) => c.method))
      expect(await countOf(metrics, name, method)).toBe(1);
  });
});

describe('countRateLimits', () => {
  let fake: FakeSlack;
  beforeEach(async () => {
    fake = await startFakeSlack();
  });
  afterEach(() => fake.close());

  it("counts the WebClient's 429s by the method in the URL", async () => {
    const client = new WebClient('xoxb-test', {
      slackApiUrl: fake.url,
      retryConfig: { retries: 0 },
      rejectRateLimitedCalls: true,
      logLevel: LogLevel.ERROR,
    });
    const metrics = createMetrics();
    countRateLimits(client, metrics);
    fake.failNext('chat.postMessage', { status: 429, retryAfterSec: 1 });

    await expect(client.chat.postMessage({ channel: 'C1', text: 'x' })).rejects.toThrow();
    await client.chat.postMessage({ channel: 'C1', text: 'x' });

    const name = 'release_planner_slack_rate_limited_total';
    expect(await countOf(metrics, name, 'chat.postMessage')).toBe(1);
  });

  it.each([
    ['https://slack.com/api/chat.postMessage', 'chat.postMessage'],
    ['http://127.0.0.1:4000/api/usergroups.users.list', 'usergroups.users.list'],
    ['https://proxy.example/slack/api/views.open?x=1', 'views.open'],
    ['not a url', 'unknown'],
  ])('names the method of %s', (url, method) => {
    expect(slackMethodOf(url)).toBe(method);
  });
});
