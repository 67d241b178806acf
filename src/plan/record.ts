import type { PlanRequest } from './request.ts';
import type { SectionKey } from './schema.ts';

/** Where drafting stands; approvals are worked out from decisions, not stored here. */
export type PlanStatus = 'drafting' | 'ready' | 'failed';
export const PLAN_STATUSES = ['drafting', 'ready', 'failed'] as const satisfies readonly PlanStatus[];

export interface PlanFailure {
  code: string;
  message: string;
}

/** A plan as it stands: the request, where drafting is, its current version and its thread. */
export interface PlanRecord {
  id: string;
  /** One plan per view submission: the submitted view's id. */
  submissionKey: string;
  teamId: string;
  channelId: string;
  requesterId: string;
  request: PlanRequest;
  status: PlanStatus;
  version: number;
  /** The root message of the plan's thread, once posted. */
  rootTs: string | null;
  failure: PlanFailure | null;
  /** When approval timed out (the policy's expire_after): no more decisions on this plan. */
  expiredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface NewPlan {
  submissionKey: string;
  teamId: string;
  channelId: string;
  requesterId: string;
  request: PlanRequest;
}

/** One section of one plan version, as posted: validated and guarded. */
export interface SectionRecord {
  planId: string;
  version: number;
  key: SectionKey;
  /** The validated, guarded section value as JSON. */
  content: unknown;
  /** sha256 of the canonical content (contentHash). */
  hash: string;
}
