import type { AuditEventOf } from '../../src/store/audit-events.ts';

/** A valid audit event to fill a log with: the n-th retry of a revision, by `actor`. */
export function sampleAuditEvent(planId: string, n: number, actor = 'U1'): AuditEventOf<'revision.retry'> {
  return { kind: 'revision.retry', planId, actor, data: { feedbackId: `f${n}` } };
}
