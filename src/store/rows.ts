import { z } from 'zod';
import { DECISION_KINDS, type DecisionRecord } from '../approval/decisions.ts';
import { TimeoutState } from '../approval/timeouts.ts';
import { canonicalJson } from '../lib/canonical-json.ts';
import { Feedback } from '../plan/feedback.ts';
import { MODEL_CALL_PURPOSES, type ModelCallRecord } from '../plan/model.ts';
import { type NewPlan, PLAN_STATUSES, type PlanRecord, type SectionRecord } from '../plan/record.ts';
import { PlanRequest } from '../plan/request.ts';
import { SECTION_KEYS } from '../plan/schema.ts';
import { StoreError, StoreRowError } from './errors.ts';
import type { AuditEntry, ClaimRecord, MessageRecord, TimeoutRecord } from './port.ts';

/** Rows are a boundary: each one read back is parsed into the port's types or rejected. */
export type RawRow = Record<string, unknown>;

const jsonText = z.string().transform((text, ctx): unknown => {
  try {
    return JSON.parse(text);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'is not valid JSON' });
    return z.NEVER;
  }
});
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, 'is not a sha256 hex digest');
const count = z.number().int().nonnegative();
const Failure = z.object({ code: z.string(), message: z.string() });

export const PlanRow = z
  .object({
    id: z.string(),
    submission_key: z.string(),
    team_id: z.string(),
    channel_id: z.string(),
    requester_id: z.string(),
    request: jsonText.pipe(PlanRequest),
    status: z.enum(PLAN_STATUSES),
    version: count,
    root_ts: z.string().nullable(),
    failure: jsonText.pipe(Failure).nullable(),
    expired_at: z.string().nullable(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .transform(
    (row): PlanRecord => ({
      id: row.id,
      submissionKey: row.submission_key,
      teamId: row.team_id,
      channelId: row.channel_id,
      requesterId: row.requester_id,
      request: row.request,
      status: row.status,
      version: row.version,
      rootTs: row.root_ts,
      failure: row.failure,
      expiredAt: row.expired_at,
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    }),
  );

export const SectionRow = z
  .object({
    plan_id: z.string(),
    version: count,
    key: z.enum(SECTION_KEYS),
    content: jsonText,
    hash: z.string(),
  })
  .transform(
    (row): SectionRecord => ({
      planId: row.plan_id,
      version: row.version,
      key: row.key,
      content: row.content,
      hash: row.hash,
    }),
  );

export const MessageRow = z
  .object({ plan_id: z.string(), item_key: z.string(), part: count, ts: z.string() })
  .transform(
    (row): MessageRecord => ({ planId: row.plan_id, itemKey: row.item_key, part: row.part, ts: row.ts }),
  );

export const DecisionRow = z
  .object({
    plan_id: z.string(),
    item_key: z.string(),
    version: count,
    content_hash: z.string(),
    user_id: z.string(),
    role: z.string(),
    decision: z.enum(DECISION_KINDS),
    reason: z.string().nullable(),
    created_at: z.string(),
  })
  .transform(
    (row): DecisionRecord => ({
      planId: row.plan_id,
      itemKey: row.item_key,
      version: row.version,
      contentHash: row.content_hash,
      userId: row.user_id,
      role: row.role,
      decision: row.decision,
      reason: row.reason,
      createdAt: row.created_at,
    }),
  );

export const ModelCallRow = z
  .object({
    plan_id: z.string(),
    purpose: z.enum(MODEL_CALL_PURPOSES),
    provider: z.string(),
    model: z.string(),
    input_tokens: count,
    output_tokens: count,
    cached_input_tokens: count,
    latency_ms: count,
    outcome: z.string(),
    created_at: z.string(),
  })
  .transform(
    (row): ModelCallRecord => ({
      planId: row.plan_id,
      purpose: row.purpose,
      provider: row.provider,
      model: row.model,
      usage: {
        inputTokens: row.input_tokens,
        outputTokens: row.output_tokens,
        cachedInputTokens: row.cached_input_tokens,
      },
      latencyMs: row.latency_ms,
      outcome: row.outcome,
      createdAt: row.created_at,
    }),
  );

export const AuditRow = z
  .object({
    seq: z.number().int().positive(),
    plan_id: z.string().nullable(),
    kind: z.string(),
    actor: z.string().nullable(),
    data: jsonText,
    created_at: z.string(),
    prev_hash: sha256,
    hash: sha256,
  })
  .transform(
    (row): AuditEntry => ({
      seq: row.seq,
      planId: row.plan_id,
      kind: row.kind,
      actor: row.actor,
      data: row.data,
      createdAt: row.created_at,
      prevHash: row.prev_hash,
      hash: row.hash,
    }),
  );

export const GuardNotesRow = z
  .object({ notes: jsonText.pipe(z.array(z.string())) })
  .transform((row): string[] => row.notes);

export const FeedbackRow = z
  .object({
    plan_id: z.string(),
    id: z.string(),
    user_id: z.string(),
    source: Feedback.shape.source,
    text: z.string(),
    original_chars: count,
    redactions: count,
  })
  .transform(
    (row): Feedback => ({
      id: row.id,
      planId: row.plan_id,
      userId: row.user_id,
      source: row.source,
      text: row.text,
      originalChars: row.original_chars,
      redactions: row.redactions,
    }),
  );

export const ClaimRow = z
  .object({ key: z.string(), created_at: z.string() })
  .transform((row): ClaimRecord => ({ key: row.key, createdAt: row.created_at }));

/** The tail of the chain, all appendAudit needs to link the next entry. */
export const AuditHeadRow = z.object({ seq: z.number().int().positive(), hash: sha256 });

export function parseRow<T>(schema: z.ZodType<T>, table: string, keyColumn: string, row: RawRow): T {
  const parsed = schema.safeParse(row);
  if (parsed.success) return parsed.data;
  const key = row[keyColumn];
  throw new StoreRowError(
    table,
    typeof key === 'string' || typeof key === 'number' ? key : null,
    z.prettifyError(parsed.error),
  );
}

/** JSON as stored: canonical text, so what is hashed is what is read back. */
export function jsonColumn(value: unknown): string {
  try {
    return canonicalJson(value);
  } catch (error) {
    throw new StoreError('value_not_json', `cannot store a value that is not JSON: ${String(error)}`, {
      cause: error,
    });
  }
}

/** A model call's columns in insert order (plan_id … created_at), as both adapters write them. */
export function modelCallValues(call: ModelCallRecord): (string | number)[] {
  const { usage } = call;
  return [
    call.planId,
    call.purpose,
    call.provider,
    call.model,
    usage.inputTokens,
    usage.outputTokens,
    usage.cachedInputTokens,
    Math.round(call.latencyMs),
    call.outcome,
    call.createdAt,
  ];
}

/** A new plan's columns in insert order (id … request, then created_at), as both adapters write them. */
export function newPlanValues(id: string, plan: NewPlan, createdAt: string): string[] {
  return [
    id,
    plan.submissionKey,
    plan.teamId,
    plan.channelId,
    plan.requesterId,
    jsonColumn(plan.request),
    createdAt,
  ];
}

export const TimeoutRow = z
  .object({ state: jsonText.pipe(TimeoutState), due_at: z.union([z.null(), z.coerce.number().int()]) })
  .transform((row): TimeoutRecord => ({ state: row.state, dueAt: row.due_at }));
