import { z } from 'zod';
import { SlackChannelId } from '../lib/slack-ids.ts';

/** The request modal's private_metadata: where the plan goes and how to reach the requester. */
export const RequestModalMetadata = z.object({
  channelId: SlackChannelId,
  responseUrl: z.url().nullable(),
});
export type RequestModalMetadata = z.infer<typeof RequestModalMetadata>;

/** A button value that names a plan. */
export const PlanButtonValue = z.object({ planId: z.uuid() });
export type PlanButtonValue = z.infer<typeof PlanButtonValue>;

/** The Retry button of a failed revision names the plan and the stored feedback to apply again. */
export const RevisionButtonValue = z.object({ planId: z.uuid(), feedbackId: z.string().min(1).max(100) });
export type RevisionButtonValue = z.infer<typeof RevisionButtonValue>;

export function encodeJson<T>(value: T): string {
  return JSON.stringify(value);
}

/** Parses JSON carried through Slack (metadata, button values); undefined when it does not validate. */
export function decodeJson<T>(schema: z.ZodType<T>, raw: unknown): T | undefined {
  if (typeof raw !== 'string') return undefined;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
