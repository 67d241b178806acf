import type { AllMiddlewareArgs, BlockButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { z } from 'zod';
import { decodeJson } from '../../metadata.ts';

export type ButtonArgs = SlackActionMiddlewareArgs<BlockButtonAction> & AllMiddlewareArgs;

/** A button click as the services need it: the validated value, who clicked, where, on which message. */
export interface Click<T> {
  value: T;
  userId: string;
  channelId: string;
  triggerId: string;
  messageTs: string | undefined;
}

/**
 * Reads a click after the ack. A value that does not validate (a stale or forged button) or a click
 * outside a channel is logged and dropped: there is nothing to act on.
 */
export function readClick<T>(args: ButtonArgs, schema: z.ZodType<T>): Click<T> | undefined {
  const { body, action } = args;
  const value = decodeJson(schema, action.value);
  const channelId = body.channel?.id;
  if (!value || !channelId) {
    args.logger.warn(`button ${action.action_id} clicked without a valid value or channel`);
    return undefined;
  }
  return { value, userId: body.user.id, channelId, triggerId: body.trigger_id, messageTs: body.message?.ts };
}
