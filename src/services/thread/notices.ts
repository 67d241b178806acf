import { errorMessage } from '../../errors.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { BlockMessage } from '../../slack/blocks/limits.ts';
import { buildNotice, type NoticeText } from '../../slack/blocks/notice.ts';
import type { ServiceDeps } from '../deps.ts';
import { postInChannel, postInThread } from './publish.ts';

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
  text: NoticeText,
): Promise<void> {
  await sendPrivately(deps, to, buildNotice(text));
}

/** Sends one person a built message privately, the way notifyUser does. Never throws. */
export async function sendPrivately(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  to: Recipient,
  message: BlockMessage,
): Promise<void> {
  const attempts: [string, () => Promise<unknown>][] = [];
  const { responseUrl } = to;
  if (responseUrl) attempts.push(['response_url', () => postToResponseUrl(responseUrl, message)]);
  attempts.push([
    'ephemeral',
    () => deps.client.chat.postEphemeral({ channel: to.channelId, user: to.userId, ...message }),
  ]);
  attempts.push(['dm', () => postInChannel(deps, to.userId, message)]);
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

/** Someone to tell privately about a plan, in the plan's channel (there is no response_url to use). */
export function recipientIn(plan: PlanRecord, userId: string): Recipient {
  return { userId, channelId: plan.channelId, responseUrl: null };
}

/** An ephemeral message in a plan's thread (where the click was); a failure to tell is logged, never thrown. */
export async function tellInThread(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  where: { channelId: string; threadTs: string | null; userId: string },
  message: BlockMessage,
): Promise<void> {
  try {
    await deps.client.chat.postEphemeral({
      channel: where.channelId,
      user: where.userId,
      ...(where.threadTs ? { thread_ts: where.threadTs } : {}),
      ...message,
    });
  } catch (err) {
    deps.logger.warn(
      { err, channel: where.channelId, user: where.userId },
      'could not tell the user privately',
    );
  }
}

/** A short notice for everyone in the plan's thread (a fallback provider takes over, …). */
export async function postNotice(
  deps: Pick<ServiceDeps, 'client'>,
  plan: PlanRecord,
  text: string,
): Promise<void> {
  await postInThread(deps, plan, buildNotice(text));
}

async function postToResponseUrl(url: string, message: BlockMessage): Promise<void> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ response_type: 'ephemeral', replace_original: false, ...message }),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`response_url answered ${res.status}`);
}
