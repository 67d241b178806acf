import { z } from 'zod';
import { DECISION_KINDS } from '../approval/decisions.ts';
import { EvidenceSnapshot } from '../evidence/types.ts';
import { Feedback } from '../plan/feedback.ts';
import { MODEL_CALL_PURPOSES } from '../plan/model.ts';
import { PlanRequest } from '../plan/request.ts';
import { ReviewFinding } from '../plan/review.ts';
import { SECTION_KEYS } from '../plan/schema.ts';
import type { AuditEntry } from './port.ts';

/**
 * Every kind of audit event, with the data it carries: one zod discriminated union. The store
 * validates each event before it appends it, and readers parse entries back through it.
 */
const planId = z.string().min(1);
const userId = z.string().min(1);
const hash = z.string();
const version = z.number().int().positive();
const sectionKey = z.enum(SECTION_KEYS);

const usage = z.strictObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  cachedInputTokens: z.number(),
});

const event = <K extends string, D extends z.ZodType, A extends z.ZodType>(kind: K, actor: A, data: D) =>
  z.strictObject({ kind: z.literal(kind), planId, actor, data });

export const AuditEvent = z.discriminatedUnion('kind', [
  event('plan.requested', userId, z.strictObject({ request: PlanRequest })),
  event('plan.retry', userId, z.strictObject({})),
  event('plan.failed', z.null(), z.strictObject({ code: z.string() })),
  event(
    'plan.version',
    userId.nullable(),
    z.strictObject({
      version,
      sections: z.array(z.strictObject({ key: sectionKey, hash })),
      /** Absent for a plan's first version; set when feedback produced it. */
      revision: z.strictObject({ feedbackId: z.string(), changed: z.array(sectionKey) }).optional(),
    }),
  ),
  event(
    'plan.approved',
    z.null(),
    z.strictObject({
      version,
      items: z.array(
        z.strictObject({
          itemKey: z.string(),
          hash,
          approvedBy: z.array(z.strictObject({ role: z.string(), userId })),
        }),
      ),
    }),
  ),
  event(
    'model.call',
    z.null(),
    z.strictObject({
      planId,
      purpose: z.enum(MODEL_CALL_PURPOSES),
      provider: z.string(),
      model: z.string(),
      usage,
      latencyMs: z.number(),
      outcome: z.string(),
      createdAt: z.string(),
    }),
  ),
  event(
    'section.guarded',
    z.null(),
    z.strictObject({ key: sectionKey, hash, version, notes: z.array(z.string()) }),
  ),
  event(
    'section.reviewed',
    z.null(),
    z.strictObject({
      key: sectionKey,
      hash,
      version,
      reviewer: z.string(),
      status: z.enum(['reviewed', 'not_reviewed']),
      /** Why there is no review (a model failure code in words); null when reviewed. */
      reason: z.string().nullable(),
      found: z.number().int().nonnegative(),
      resolved: z.number().int().nonnegative(),
      /** Advisory notes and blocking findings still open. */
      findings: z.array(ReviewFinding.strict()),
    }),
  ),
  event(
    'decision.recorded',
    userId,
    z.strictObject({
      itemKey: z.string(),
      version,
      hash,
      role: z.string(),
      decision: z.enum(DECISION_KINDS),
      reason: z.string().nullable(),
      /** The evidence snapshot the item was shown with when decided (plans with policy gates). */
      evidenceHash: hash.optional(),
    }),
  ),
  event(
    'decision.refused',
    userId,
    z.strictObject({
      itemKey: z.string(),
      action: z.enum(DECISION_KINDS),
      reason: z.string(),
      /** What the clicked button carried; absent when the plan itself was not found. */
      version: z.number().optional(),
      hash: hash.optional(),
      role: z.string().nullable().optional(),
      channelId: z.string().optional(),
    }),
  ),
  event('revision.feedback', userId, Feedback.strict()),
  /** Evidence read for the plan's policy gates: when drafting (no actor), or on Refresh evidence (who). */
  event(
    'evidence.snapshot',
    userId.nullable(),
    z.strictObject({ version, trigger: z.enum(['plan', 'refresh']), snapshot: EvidenceSnapshot.strict() }),
  ),
  event('timeout.reminded', z.null(), z.strictObject({ userId, items: z.array(z.string()) })),
  event(
    'timeout.escalated',
    z.null(),
    z.strictObject({ role: z.string(), items: z.array(z.string()), notified: z.array(userId) }),
  ),
  event('plan.expired', z.null(), z.strictObject({ version, pending: z.array(z.string()) })),
  event('revision.unchanged', userId, z.strictObject({ feedbackId: z.string(), version })),
  event(
    'revision.failed',
    z.null(),
    z.strictObject({
      feedbackId: z.string(),
      version,
      code: z.string(),
      /** Feedback merged into this revision; Retry reopens it with the lead. */
      merged: z.array(z.string()).optional(),
    }),
  ),
  event('revision.retry', userId, z.strictObject({ feedbackId: z.string() })),
  event(
    'approval.reset',
    z.null(),
    z.strictObject({
      itemKey: z.string(),
      version,
      fromHash: hash.optional(),
      toHash: hash.optional(),
      /** The feedback that changed the item, or `evidence:<hash>` when refreshed evidence did. */
      feedbackId: z.string(),
      dismissed: z.array(
        z.strictObject({ userId, role: z.string(), decision: z.enum(DECISION_KINDS), version: z.number() }),
      ),
    }),
  ),
]);
export type AuditEvent = z.infer<typeof AuditEvent>;
export type AuditEventKind = AuditEvent['kind'];
export type AuditEventOf<K extends AuditEventKind> = Extract<AuditEvent, { kind: K }>;

/** An entry read back as its typed event; undefined for an entry no known event describes. */
export function readAuditEvent(
  entry: Pick<AuditEntry, 'kind' | 'planId' | 'actor' | 'data'>,
): AuditEvent | undefined {
  const parsed = AuditEvent.safeParse({
    kind: entry.kind,
    planId: entry.planId,
    actor: entry.actor,
    data: entry.data,
  });
  return parsed.success ? parsed.data : undefined;
}
