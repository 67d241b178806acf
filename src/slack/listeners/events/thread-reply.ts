import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SlackChannelId, SlackUserId } from '../../../lib/slack-ids.ts';
import type { Services, ThreadReplyInput } from '../../../services/index.ts';

/** Subtypes that are still a person writing in the thread; every other subtype (edits, deletions, joins…) is not. */
const HUMAN_SUBTYPES = ['thread_broadcast', 'file_share'] as const;

const MessageEvent = z.object({
  type: z.literal('message'),
  subtype: z.string().optional(),
  bot_id: z.string().optional(),
  user: SlackUserId,
  text: z.string().default(''),
  ts: z.string().min(1),
  thread_ts: z.string().min(1).optional(),
  channel: SlackChannelId,
});

/**
 * A human's reply in a thread, or undefined for everything a revision must ignore: bots (this one
 * and others), edits, deletions and other subtypes, and messages that are not thread replies.
 * Whether the thread is a plan's is the service's question.
 */
export function parseThreadReply(
  event: unknown,
  eventId: unknown,
  botUserId: string | undefined,
): ThreadReplyInput | undefined {
  const parsed = MessageEvent.safeParse(event);
  if (!parsed.success || typeof eventId !== 'string' || eventId === '') return undefined;
  const message = parsed.data;
  if (message.bot_id !== undefined || message.user === botUserId) return undefined;
  if (message.subtype !== undefined && !(HUMAN_SUBTYPES as readonly string[]).includes(message.subtype)) {
    return undefined;
  }
  if (message.thread_ts === undefined || message.thread_ts === message.ts) return undefined;
  return {
    eventId,
    channelId: message.channel,
    threadTs: message.thread_ts,
    ts: message.ts,
    userId: message.user,
    text: message.text,
  };
}

/** `message` events: Bolt acks events itself; this only hands a reply to the revision service. */
export function threadReplyEvent(services: Services) {
  return async ({ event, body, context }: SlackEventMiddlewareArgs<'message'> & AllMiddlewareArgs) => {
    const reply = parseThreadReply(event, body.event_id, context.botUserId);
    if (reply) services.receiveThreadReply(reply);
  };
}
