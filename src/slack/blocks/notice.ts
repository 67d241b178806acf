import { esc, fallback } from './kit.ts';
import { type BlockMessage, LIMITS } from './limits.ts';
import { mrkdwnText } from './mrkdwn.ts';

/** A short message for one person (errors, confirmations). Its text is untrusted, so escaped. */
export function buildNotice(text: string): BlockMessage {
  const safe = esc(text);
  return { text: fallback(safe), blocks: [{ type: 'section', text: mrkdwnText(safe, LIMITS.sectionText) }] };
}
