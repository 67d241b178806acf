import type { MessageMetadata } from '@slack/types';
import { z } from 'zod';
import type { PlanRecord } from '../../plan/record.ts';
import type { BlockMessage } from '../../slack/blocks/limits.ts';
import type { ItemMessage } from '../../slack/blocks/section-message.ts';
import type { SlackPriority as Priority } from '../../slack/web-api.ts';
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
  metadata?: MessageMetadata,
): Promise<string | undefined> {
  if (!plan.rootTs) return undefined;
  const posted = await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs,
    ...message,
    ...(metadata ? { metadata } : {}),
    ...NO_UNFURL,
  });
  if (!posted.ts) throw new Error('chat.postMessage returned no ts');
  return posted.ts;
}

/**
 * Replaces a message the bot posted; its text is already escaped, so Slack parses nothing more.
 * `priority` says whose update it is when Slack's budget for updates is short (src/slack/pacing.ts).
 */
export async function updateMessage(
  deps: Pick<ServiceDeps, 'client'>,
  channel: string,
  ts: string,
  message: BlockMessage,
  priority: Priority = 'progress',
): Promise<void> {
  await deps.client.chat.update({ channel, ts, ...message, parse: 'none' }, { priority });
}

/**
 * Shows items in the plan's thread: a part already on Slack is updated in place, a new part is
 * posted once (its ts recorded at once, so a retry or restart never posts it again).
 */
export async function publishItems(
  deps: Deps,
  plan: PlanRecord,
  messages: readonly ItemMessage[],
  priority: Priority = 'progress',
): Promise<void> {
  if (!plan.rootTs) throw new Error(`plan ${plan.id} has no root message`);
  const existing = new Map(
    (await deps.store.listMessages(plan.id)).map((m) => [`${m.itemKey}#${m.part}`, m.ts] as const),
  );
  for (const { itemKey, part, text, blocks } of messages) {
    const ts = existing.get(`${itemKey}#${part}`);
    if (ts) {
      await updateMessage(deps, plan.channelId, ts, { text, blocks }, priority);
      continue;
    }
    const posted = await postInThread(deps, plan, { text, blocks }, itemMetadata(plan.id, itemKey, part));
    if (posted) await deps.store.recordMessage({ planId: plan.id, itemKey, part, ts: posted });
  }
}

const ITEM_EVENT = 'release_plan_item';

/** Names the part on the message itself, so a part posted by a run that died before recording it can be found. */
function itemMetadata(planId: string, itemKey: string, part: number): MessageMetadata {
  return { event_type: ITEM_EVENT, event_payload: { plan_id: planId, item_key: itemKey, part } };
}

const ItemMetadata = z.object({
  event_type: z.literal(ITEM_EVENT),
  event_payload: z.object({
    plan_id: z.string(),
    item_key: z.string(),
    part: z.number().int().nonnegative(),
  }),
});

/**
 * Records the item parts that are on Slack but not in the store: a run killed between posting a part
 * and recording its ts. Reads the thread once (its messages carry the part they show). Returns how
 * many were adopted; they are then updated in place instead of posted again.
 */
export async function adoptPostedParts(deps: Deps, plan: PlanRecord): Promise<number> {
  if (!plan.rootTs) return 0;
  const recorded = new Set((await deps.store.listMessages(plan.id)).map((m) => m.ts));
  let adopted = 0;
  let cursor: string | undefined;
  do {
    const page = await deps.client.conversations.replies({
      channel: plan.channelId,
      ts: plan.rootTs,
      include_all_metadata: true,
      limit: 200,
      ...(cursor ? { cursor } : {}),
    });
    for (const message of page.messages ?? []) {
      const meta = ItemMetadata.safeParse(message.metadata);
      if (!meta.success || !message.ts || recorded.has(message.ts)) continue;
      const { plan_id, item_key, part } = meta.data.event_payload;
      if (plan_id !== plan.id) continue;
      await deps.store.recordMessage({ planId: plan.id, itemKey: item_key, part, ts: message.ts });
      adopted += 1;
    }
    cursor = page.response_metadata?.next_cursor || undefined;
  } while (cursor);
  return adopted;
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
