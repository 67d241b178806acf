import { describe, expect, it } from 'vitest';
import { registerEvents } from '../../../../src/slack/listeners/events/index.ts';
import { parseThreadReply } from '../../../../src/slack/listeners/events/thread-reply.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { threadReplyEvent } from '../../../fakes/slack-client.ts';

const BOT = 'UBOT';

function event(overrides: Partial<Parameters<typeof threadReplyEvent>[0]> = {}) {
  return threadReplyEvent({
    channel: 'C0PLANS',
    user: 'U0REVIEWER',
    text: 'Gate staging on the load test too.',
    ts: '1700000100.000200',
    threadTs: '1700000000.000100',
    ...overrides,
  });
}

describe('parseThreadReply', () => {
  it('takes a human reply in a thread', () => {
    const envelope = event();
    expect(parseThreadReply(envelope.event, envelope.event_id, BOT)).toEqual({
      eventId: envelope.event_id,
      channelId: 'C0PLANS',
      threadTs: '1700000000.000100',
      ts: '1700000100.000200',
      userId: 'U0REVIEWER',
      text: 'Gate staging on the load test too.',
    });
  });

  it.each(['thread_broadcast', 'file_share'])('takes a %s reply', (subtype) => {
    const envelope = event({ subtype });
    expect(parseThreadReply(envelope.event, envelope.event_id, BOT)).toBeDefined();
  });

  it.each([
    ['the bot itself', { user: BOT }],
    ['the bot itself, as a bot message', { user: BOT, botId: 'BBOT', subtype: 'bot_message' }],
    ['another bot', { user: 'U0OTHER', botId: 'B0OTHER' }],
    ['an edit', { subtype: 'message_changed' }],
    ['a deletion', { subtype: 'message_deleted' }],
    ['a join message', { subtype: 'channel_join' }],
    ['a message that is not a reply', { ts: '1700000000.000100' }],
    ['a malformed user id', { user: 'not a user' }],
  ])('ignores %s', (_name, overrides) => {
    const envelope = event(overrides);
    expect(parseThreadReply(envelope.event, envelope.event_id, BOT)).toBeUndefined();
  });

  it('ignores a message without thread_ts and an envelope without event id', () => {
    const { thread_ts: _thread, ...topLevel } = event().event;
    expect(parseThreadReply(topLevel, 'Ev1', BOT)).toBeUndefined();
    expect(parseThreadReply(event().event, undefined, BOT)).toBeUndefined();
  });
});

describe('message events', () => {
  it('hand a human reply to the revisions, once Bolt has acked the event', async () => {
    const app = listenerApp(registerEvents);
    const envelope = event();
    await app.deliver(envelope);

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'receiveThreadReply',
        input: [
          expect.objectContaining({ eventId: envelope.event_id, text: 'Gate staging on the load test too.' }),
        ],
      },
    ]);
  });

  it.each([
    ['the bot’s own message', { user: BOT, botId: 'BBOT', subtype: 'bot_message' }],
    ['an edit', { subtype: 'message_changed' }],
  ])('ack and drop %s', async (_name, overrides) => {
    const app = listenerApp(registerEvents);
    await app.deliver(event(overrides));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
