import type { PlanRecord } from '../plan/record.ts';
import type { ItemMessage } from '../slack/blocks/section-message.ts';
import type { ServiceDeps } from './deps.ts';

type Deps = Pick<ServiceDeps, 'client' | 'store'>;

/**
 * Shows items in the plan's thread: a part already on Slack is updated in place, a new part is
 * posted once (its ts recorded at once, so a retry or restart never posts it again).
 */
export async function publishItems(deps: Deps, plan: PlanRecord, messages: ItemMessage[]): Promise<void> {
  if (!plan.rootTs) throw new Error(`plan ${plan.id} has no root message`);
  const existing = new Map(
    (await deps.store.listMessages(plan.id)).map((m) => [`${m.itemKey}#${m.part}`, m.ts] as const),
  );
  for (const message of messages) {
    const ts = existing.get(`${message.itemKey}#${message.part}`);
    if (ts) {
      await deps.client.chat.update({
        channel: plan.channelId,
        ts,
        text: message.text,
        blocks: message.blocks,
        parse: 'none',
      });
      continue;
    }
    const posted = await deps.client.chat.postMessage({
      channel: plan.channelId,
      thread_ts: plan.rootTs,
      text: message.text,
      blocks: message.blocks,
      unfurl_links: false,
      unfurl_media: false,
    });
    if (!posted.ts) throw new Error('chat.postMessage returned no ts');
    await deps.store.recordMessage({
      planId: plan.id,
      itemKey: message.itemKey,
      part: message.part,
      ts: posted.ts,
    });
  }
}

/** Removes parts an item no longer has (a revised item that became shorter). */
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
