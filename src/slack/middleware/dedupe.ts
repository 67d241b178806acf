import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import type { Store } from '../../store/port.ts';

/**
 * The key that identifies one delivery of a command or a click across Slack's retries (and across a
 * restart: the claim is durable). Events are deduplicated on event_id by their own listener, and view
 * submissions by their view id, where the answer matters.
 */
export function deliveryKey(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as {
    command?: unknown;
    trigger_id?: unknown;
    type?: unknown;
    actions?: { action_ts?: unknown }[];
  };
  if (typeof b.command === 'string' && typeof b.trigger_id === 'string') return `command:${b.trigger_id}`;
  if (b.type === 'block_actions' && typeof b.trigger_id === 'string') {
    return `action:${b.trigger_id}:${String(b.actions?.[0]?.action_ts ?? '')}`;
  }
  return undefined;
}

/** Acknowledges a repeated delivery and drops it, so one command opens one modal and one click acts once. */
export function dropDuplicateDeliveries(store: Store): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (key && !(await store.claimOnce(key))) {
      if ('ack' in args && typeof args.ack === 'function') await args.ack();
      args.logger.debug(`duplicate delivery dropped: ${key}`);
      return;
    }
    await args.next();
  };
}
