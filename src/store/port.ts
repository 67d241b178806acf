import type { Usage } from '../llm/port.ts';
import type { PlanRequest } from '../plan/request.ts';
import type { SectionKey } from '../plan/schema.ts';

export type PlanStatus = 'drafting' | 'ready' | 'failed';

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
  rootTs: string | null;
  failure: { code: string; message: string } | null;
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

export interface SectionRecord {
  planId: string;
  version: number;
  key: SectionKey;
  /** The validated, guarded section value as JSON. */
  content: unknown;
  /** sha256 of the canonical content: what approvals are tied to. */
  hash: string;
  /** The thread reply that shows this section, once posted. */
  messageTs: string | null;
}

export interface ModelCallRecord {
  planId: string;
  purpose: 'plan' | 'revision' | 'repair';
  provider: string;
  model: string;
  usage: Usage;
  latencyMs: number;
  outcome: string;
  createdAt: string;
}

/** One port for persistence; SQLite (node:sqlite) is the default adapter. Every method is idempotent. */
export interface Store {
  /** Creates the plan, or returns the existing one for the same submissionKey (created: false). */
  createPlan(input: NewPlan): Promise<{ plan: PlanRecord; created: boolean }>;
  getPlan(id: string): Promise<PlanRecord | undefined>;
  findPlanByRootTs(channelId: string, rootTs: string): Promise<PlanRecord | undefined>;
  setRootTs(id: string, ts: string): Promise<void>;
  setStatus(id: string, status: PlanStatus, failure?: { code: string; message: string } | null): Promise<void>;
  /** Upsert of a section's content for a version; keeps an already recorded messageTs. */
  saveSection(section: Omit<SectionRecord, 'messageTs'>): Promise<void>;
  setSectionMessage(planId: string, version: number, key: SectionKey, ts: string): Promise<void>;
  listSections(planId: string, version: number): Promise<SectionRecord[]>;
  recordModelCall(call: ModelCallRecord): Promise<void>;
  listModelCalls(planId: string): Promise<ModelCallRecord[]>;
  /** True the first time an id is seen (durable dedupe of Slack event ids and similar keys). */
  claimOnce(key: string): Promise<boolean>;
  close(): Promise<void>;
}
