import type { PlanRecord } from '../../plan/record.ts';
import type { BlockMessage } from '../../slack/blocks/limits.ts';
import type { ItemMessage } from '../../slack/blocks/section-message.ts';
import type { ServiceDeps } from '../deps.ts';

type Deps = Pick<ServiceDeps, 'client' | 'store'>;

/** Links in what the bot posts never unfurl: a model-written URL must not pull a preview in. */
const NO_UNFURL = { unfurl_links: false, unfurl_media: false } as const;

/** Posts a message into a channel (a plan's root message); returns its ts. */
export async function postInChannel(
  deps: Pick<ServiceDeps, 'client'>,
  channel: string,
  message: BlockMessage,
): Promise<string> {
  const posted = await deps.client.chat.postMessage({ channel, ...message, ...NO_UNFURL });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}

/** Posts a message into the plan's thread; a plan without a thread yet has nowhere to post it. */
export async function postInThread(
  deps: Pick<ServiceDeps, 'client'>,
  plan: PlanRecord,
  message: BlockMessage,
): Promise<string | undefined> {
  if (!plan.rootTs) return undefined;
  const posted = await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs,
    ...message,
    ...NO_UNFURL,
  });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}

/** Replaces a message the bot posted; its text is already escaped, so Slack parses nothing more. */
export async function updateMessage(
  deps: Pick<ServiceDeps, 'client'>,
  channel: string,
  ts: string,
  message: BlockMessage,
): Promise<void> {
  await deps.client.chat.update({ channel, ts, ...message, parse: 'none' });
}

/**
 * Shows items in the plan's thread: a part already on Slack is updated in place, a new part is
 * posted once (its ts recorded at once, so a retry or restart never posts it again).
 */
export async function publishItems(
  deps: Deps,
  plan: PlanRecord,
  messages: readonly ItemMessage[],
): Promise<void> {
  if (!plan.rootTs) throw new Error(`plan ${plan.id} has no root message`);
  const existing = new Map(
    (await deps.store.listMessages(plan.id)).map((m) => [`${m.itemKey}#${m.part}`, m.ts] as const),
  );
  for (const { itemKey, part, text, blocks } of messages) {
    const ts = existing.get(`${itemKey}#${part}`);
    if (ts) {
      await updateMessage(deps, plan.channelId, ts, { text, blocks });
      continue;
    }
    const posted = await postInThread(deps, plan, { text, blocks });
    if (posted) await deps.store.recordMessage({ planId: plan.id, itemKey, part, ts: posted });
  }
}

/** Removes parts an item no longer has (a revised item that became shorter, or a removed draft). */
export async function removeExtraParts(
  deps: Deps,
  plan: PlanRecord,
  itemKey: string,
  keepParts: number,
): Promise<void> {
  const stale = (await deps.store.listMessages(plan.id)).filter(
    (m) => m.itemKey === itemKey && m.part >= keepParts,
  );
  for (const message of stale) await deps.client.chat.delete({ channel: plan.channelId, ts: message.ts });
  if (stale.length > 0) await deps.store.deleteMessagesFrom(plan.id, itemKey, keepParts);
}
