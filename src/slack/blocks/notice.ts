import { channelLink, esc, fallback } from './kit.ts';
import { type BlockMessage, LIMITS } from './limits.ts';
import { mrkdwnText } from './mrkdwn.ts';

/** Untrusted text (escaped), or a channel the notice names (shown as a link to it). */
export type NoticePart = string | { channel: string };
export type NoticeText = string | readonly NoticePart[];

/**
 * A short message for one person (errors, confirmations). Its text is untrusted, so escaped; a
 * channel it names is a link, built here, so that it is escaped exactly once.
 */
export function buildNotice(text: NoticeText): BlockMessage {
  const parts = typeof text === 'string' ? [text] : text;
  const safe = parts
    .map((part) => (typeof part === 'string' ? esc(part) : channelLink(part.channel)))
    .join('');
  return { text: fallback(safe), blocks: [{ type: 'section', text: mrkdwnText(safe, LIMITS.sectionText) }] };
}
