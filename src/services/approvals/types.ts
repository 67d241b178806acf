import type { DecisionRecord } from '../../approval/decisions.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { ItemButtonValue, RequestChangesMetadata } from '../../slack/review-values.ts';

/** A click on an item's button: what the button carried, and who clicked where. */
export interface ItemClick extends ItemButtonValue {
  userId: string;
  channelId: string;
}

export interface ChangeRequest {
  metadata: RequestChangesMetadata;
  /** The submitted modal's id: unique per request, e.g. for a feedback id `changes:<view id>`. */
  viewId: string;
  userId: string;
  /** As typed in the modal; secrets are redacted before it is stored or shown. */
  reason: string;
}

export type DecisionOutcome =
  | { kind: 'recorded'; plan: PlanRecord; decision: DecisionRecord }
  | { kind: 'duplicate' }
  | { kind: 'refused'; reason: string };
