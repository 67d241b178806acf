import type { DecisionRecord } from '../approval/decisions.ts';
import type { TimeoutState } from '../approval/timeouts.ts';
import type { Feedback, FeedbackOutcome } from '../plan/feedback.ts';
import type { ModelCallRecord } from '../plan/model.ts';
import type { NewPlan, PlanFailure, PlanRecord, PlanStatus, SectionRecord } from '../plan/record.ts';
import type { SectionKey } from '../plan/schema.ts';
import type { AuditEvent } from './audit-events.ts';

/** A claim as stored: its key and when it was first made (ISO time). */
export interface ClaimRecord {
  key: string;
  createdAt: string;
}

export interface TimeoutRecord {
  state: TimeoutState;
  dueAt: number | null;
}

/**
 * A Slack message that shows part of an item. An item is a section ("gating") or one draft of the
 * writeback bundle ("writeback:<draft id>"); a long item spans several parts. Messages are updated
 * in place across versions, so they are keyed by plan, not by version.
 */
export interface MessageRecord {
  planId: string;
  itemKey: string;
  part: number;
  ts: string;
}

export interface GuardNotesRecord {
  planId: string;
  key: SectionKey;
  hash: string;
  notes: readonly string[];
}

/** An audit log entry as stored: `kind` and `data` stay raw for hashing; readAuditEvent types them. */
export interface AuditEntry {
  seq: number;
  planId: string | null;
  kind: string;
  actor: string | null;
  data: unknown;
  createdAt: string;
  prevHash: string;
  hash: string;
}

export interface StoreStats {
  kind: 'sqlite' | 'postgres';
  /** Connections open, idle in the pool, and requests waiting for one (0 for SQLite). */
  total: number;
  idle: number;
  waiting: number;
  max: number;
}

/** One port for persistence; SQLite (node:sqlite) is the default adapter. Every method is idempotent. */
export interface Store {
  /** Creates the plan, or returns the existing one for the same submissionKey (created: false). */
  createPlan(input: NewPlan): Promise<{ plan: PlanRecord; created: boolean }>;
  getPlan(id: string): Promise<PlanRecord | undefined>;
  findPlanByRootTs(channelId: string, rootTs: string): Promise<PlanRecord | undefined>;
  setRootTs(id: string, ts: string): Promise<void>;
  setStatus(id: string, status: PlanStatus, failure?: PlanFailure | null): Promise<void>;
  setVersion(id: string, version: number): Promise<void>;
  /**
   * Whether the root message on Slack lags behind the plan (an update failed): due work for the
   * sweeper, which re-renders it once Slack answers again.
   */
  setRootStale(id: string, stale: boolean): Promise<void>;
  /** Marks the plan expired (approval timed out). False when it already was. */
  expirePlan(id: string): Promise<boolean>;
  /** Plans whose root message lags behind, oldest first. */
  listStaleRoots(): Promise<PlanRecord[]>;
  /** The `limit` most recently created plans, newest first: what a person's App Home is built from. */
  listRecentPlans(limit: number): Promise<PlanRecord[]>;
  /** A plan's approval clocks and reminders, and when it next needs attention; none before tracking. */
  getTimeouts(planId: string): Promise<TimeoutRecord | undefined>;
  /** Upsert of the clocks and the due time (epoch ms; null: nothing due). Leaves a lease as it is. */
  saveTimeouts(planId: string, state: TimeoutState, dueAt: number | null): Promise<void>;
  /**
   * Claims up to `limit` plans whose timeout work is due now and that no live lease covers, for
   * `ttlMs`: across replicas each due plan is claimed by one of them. Oldest due first.
   */
  claimDueTimeouts(owner: string, ttlMs: number, limit: number): Promise<string[]>;
  releaseTimeouts(planId: string, owner: string): Promise<void>;
  /** Upsert of a section's content for a version. */
  saveSection(section: SectionRecord): Promise<void>;
  /** Sections of a version, in SECTION_KEYS order. */
  listSections(planId: string, version: number): Promise<SectionRecord[]>;
  /** Idempotent on (planId, itemKey, part): a second call keeps the first ts. */
  recordMessage(message: MessageRecord): Promise<void>;
  listMessages(planId: string): Promise<MessageRecord[]>;
  deleteMessagesFrom(planId: string, itemKey: string, fromPart: number): Promise<void>;
  /** False when the same (planId, itemKey, contentHash, version, userId) decision already exists. */
  recordDecision(decision: DecisionRecord): Promise<boolean>;
  listDecisions(planId: string): Promise<DecisionRecord[]>;
  /** What the guard removed from a section's content (keyed by its hash). False when already saved. */
  saveGuardNotes(notes: GuardNotesRecord): Promise<boolean>;
  /** The notes saved for this content of a section, or none. */
  getGuardNotes(planId: string, key: SectionKey, hash: string): Promise<string[]>;
  /** Append-only, hash-chained; there is no update or delete path. The event is validated first. */
  appendAudit(event: AuditEvent): Promise<AuditEntry>;
  listAudit(filter?: { planId?: string }): Promise<AuditEntry[]>;
  /** Stores feedback on arrival, unanswered. False when the plan already has feedback with this id. */
  recordFeedback(feedback: Feedback): Promise<boolean>;
  getFeedback(planId: string, id: string): Promise<Feedback | undefined>;
  /** Records how a revision answered the feedback (the latest outcome counts). */
  answerFeedback(planId: string, id: string, outcome: FeedbackOutcome): Promise<void>;
  /**
   * Feedback no revision has answered yet, in arrival order (the database's, whichever replica
   * received it): the queue of revisions, and what a restart cut short. All plans, or one.
   */
  listUnansweredFeedback(planId?: string): Promise<Feedback[]>;
  /** How much feedback a plan received since `since` (ISO time), from one person or from everyone. */
  countFeedback(planId: string, since: string, userId?: string): Promise<number>;
  /** Puts failed feedback back in the queue (Retry). False unless its latest outcome was `failed`. */
  reopenFeedback(planId: string, id: string): Promise<boolean>;
  recordModelCall(call: ModelCallRecord): Promise<void>;
  listModelCalls(planId: string): Promise<ModelCallRecord[]>;
  /**
   * Claims the right to generate or revise a plan for `ttlMs` (renewable by the same owner). False when
   * another owner holds a live lease.
   */
  acquireLease(planId: string, owner: string, ttlMs: number): Promise<boolean>;
  releaseLease(planId: string, owner: string): Promise<void>;
  /**
   * Plans still drafting that no live lease covers and that have not changed for `quietMs`: their
   * generation died with its process. (The quiet time keeps a plan that is just being created, not
   * yet leased, out of the list.)
   */
  listOrphanedDrafts(quietMs: number): Promise<PlanRecord[]>;
  /** True the first time an id is seen (durable dedupe of Slack event ids and similar keys). */
  claimOnce(key: string): Promise<boolean>;
  /**
   * Up to `limit` claims whose keys sort after `after`, in key order: how old claims are found a
   * page at a time through the key's own index (an index on their time would cost every claim a
   * second B-tree write).
   */
  listClaimsAfter(after: string, limit: number): Promise<ClaimRecord[]>;
  /** Deletes those of `keys` claimed before `before` (ISO time); says how many went. */
  forgetClaims(keys: readonly string[], before: string): Promise<number>;
  /**
   * Runs `work` as the only holder of the plan's lock, across every replica that shares the database,
   * against a store that acts inside that lock: decisions and the version they are checked against
   * are serialised by the database, not by a process. Keep `work` to store calls (no Slack, no model):
   * it may be run again from the start when the database connection drops before it commits.
   * PostgreSQL runs it as one transaction (all or nothing); SQLite, one process, queues it per plan.
   */
  withPlanTransaction<T>(planId: string, work: (tx: Store) => Promise<T>): Promise<T>;
  /** Throws unless the database accepts a write now (a small heartbeat row): what readiness checks. */
  ping(): Promise<void>;
  /** Connection use, for metrics; an embedded database has no pool. */
  stats(): StoreStats;
  close(): Promise<void>;
}
