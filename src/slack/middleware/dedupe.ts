import type { AllMiddlewareArgs, AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { errorMessage } from '../../errors.ts';
import { deliveryClaimKey } from '../../store/claim-retention.ts';
import type { Store } from '../../store/port.ts';

/** What a person is told when the claim can't be written: nothing happened, and what to do. */
export const STORE_UNAVAILABLE_TEXT =
  'Release Planner can’t save right now (its database is not answering), so nothing was started. Please try again in a minute.';

/** Slack wants an answer within 3 s; a claim that takes longer is treated as failed. */
const CLAIM_DEADLINE_MS = 2_000;

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
  if (typeof b.command === 'string' && typeof b.trigger_id === 'string')
    return deliveryClaimKey('command', b.trigger_id);
  if (b.type === 'block_actions' && typeof b.trigger_id === 'string') {
    return deliveryClaimKey('action', b.trigger_id, String(b.actions?.[0]?.action_ts ?? ''));
  }
  return undefined;
}

/**
 * Acknowledges a repeated delivery and drops it, so one command opens one modal and one click acts
 * once. When the claim can't be written in time (the database is down), nothing is acted on: the
 * delivery is acknowledged (never a 404 or 500) and the person told so privately.
 */
export function dropDuplicateDeliveries(
  store: Store,
  deadlineMs = CLAIM_DEADLINE_MS,
): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const key = deliveryKey(args.body);
    if (!key) return args.next();
    const claimed = await claimWithin(store, key, deadlineMs);
    if (claimed === true) return args.next();
    if (claimed === false) {
      await ackIfPossible(args);
      args.logger.debug(`duplicate delivery dropped: ${key}`);
      return;
    }
    args.logger.error(`delivery not acted on, the claim could not be saved (${key}): ${claimed.error}`);
    await answerUnavailable(args);
  };
}

async function claimWithin(store: Store, key: string, ms: number): Promise<boolean | { error: string }> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<{ error: string }>((resolve) => {
    timer = setTimeout(() => resolve({ error: `no answer within ${ms} ms` }), ms);
  });
  try {
    return await Promise.race([store.claimOnce(key), late]);
  } catch (error) {
    return { error: errorMessage(error) };
  } finally {
    clearTimeout(timer);
  }
}

async function ackIfPossible(args: AnyMiddlewareArgs, text?: string): Promise<void> {
  if (!('ack' in args) || typeof args.ack !== 'function') return;
  const ack = args.ack as (response?: unknown) => Promise<void>;
  await ack(text === undefined ? undefined : { response_type: 'ephemeral', text });
}

/** A command's ack carries the answer; a click is answered through its response_url. */
async function answerUnavailable(args: AnyMiddlewareArgs & AllMiddlewareArgs): Promise<void> {
  if ('command' in args) return ackIfPossible(args, STORE_UNAVAILABLE_TEXT);
  await ackIfPossible(args);
  if (!('respond' in args) || typeof args.respond !== 'function') return;
  try {
    await args.respond({ response_type: 'ephemeral', replace_original: false, text: STORE_UNAVAILABLE_TEXT });
  } catch (err) {
    args.logger.warn(`could not tell the clicker: ${errorMessage(err)}`);
  }
}
