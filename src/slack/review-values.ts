import { z } from 'zod';
import { SlackChannelId } from '../lib/slack-ids.ts';

/**
 * What approval buttons and the Request changes modal carry through Slack, round-tripped as
 * zod-validated JSON: the item and the exact content (hash) and run (version) the person saw.
 */
const planId = z.uuid();
const itemKey = z.string().min(1).max(200);
const version = z.number().int().positive();
const hash = z.string().regex(/^[0-9a-f]{64}$/);

export const ItemButtonValue = z.object({
  planId,
  itemKey,
  version,
  hash,
  /** Set on Approve buttons: the role that button approves as. */
  role: z.string().min(1).max(100).optional(),
});
export type ItemButtonValue = z.infer<typeof ItemButtonValue>;

/** The Request changes modal's private_metadata: the item, and where the click came from. */
export const RequestChangesMetadata = z.object({
  planId,
  itemKey,
  version,
  hash,
  channelId: SlackChannelId,
});
export type RequestChangesMetadata = z.infer<typeof RequestChangesMetadata>;

/** The View draft button: which draft of which plan; the modal always shows its current text. */
export const ViewDraftValue = z.object({ planId, itemKey });
export type ViewDraftValue = z.infer<typeof ViewDraftValue>;

/** An "Approve all as ROLE" button on the root: the plan and the role. */
export const ApproveAllValue = z.object({ planId, role: z.string().min(1).max(100) });
export type ApproveAllValue = z.infer<typeof ApproveAllValue>;

/** Most items one Approve all modal lists (a plan has a few sections and drafts). */
export const APPROVE_ALL_MAX_ITEMS = 20;

/**
 * The Approve all modal's private_metadata: each item exactly as the modal showed it (version and
 * hash), so a submission decides only what the person saw.
 */
export const ApproveAllMetadata = z.object({
  planId,
  role: z.string().min(1).max(100),
  channelId: SlackChannelId,
  items: z.array(z.object({ itemKey, version, hash })).min(1).max(APPROVE_ALL_MAX_ITEMS),
});
export type ApproveAllMetadata = z.infer<typeof ApproveAllMetadata>;
