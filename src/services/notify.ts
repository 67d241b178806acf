import type { KnownBlock } from '@slack/types';
import { errorMessage } from '../errors.ts';
import { buildNotice } from '../slack/blocks/notice.ts';
import type { ServiceDeps } from './deps.ts';

export interface Recipient {
  userId: string;
  channelId: string;
  /** A slash command's response_url: works even where the bot is not a member of the channel. */
  responseUrl: string | null;
}

/**
 * Tells one person something privately. The response_url reaches them even in a channel the bot
 * cannot post to; otherwise an ephemeral message; otherwise a DM from the app. Never throws.
 */
export async function notifyUser(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  to: Recipient,
  text: string,
): Promise<void> {
  const message = buildNotice(text);
  const attempts: [string, () => Promise<unknown>][] = [];
  if (to.responseUrl) attempts.push(['response_url', () => postToResponseUrl(to.responseUrl ?? '', message)]);
  attempts.push([
    'ephemeral',
    () => deps.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...message }),
  ]);
  attempts.push(['dm', () => deps.client.chat.postMessage({ channel: to.userId, ...message })]);
  for (const [via, attempt] of attempts) {
    try {
      await attempt();
      return;
    } catch (err) {
      deps.logger.warn({ via, userId: to.userId, err: errorMessage(err) }, 'could not notify user this way');
    }
  }
  deps.logger.error({ userId: to.userId }, 'could not notify user by any means');
}

async function postToResponseUrl(
  url: string,
  message: { text: string; blocks: KnownBlock[] },
): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
