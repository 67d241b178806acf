import type { ReviewOutcome } from '../../plan/review.ts';
import { readAuditEvent } from '../../store/audit-events.ts';
import type { ServiceDeps } from '../deps.ts';

/** The latest second-model review of this content of the gating section, read from the audit log. */
export async function latestReview(
  deps: Pick<ServiceDeps, 'store'>,
  planId: string,
  hash: string,
): Promise<ReviewOutcome | undefined> {
  const entries = await deps.store.listAudit({ planId });
  for (const entry of entries.toReversed()) {
    if (entry.kind !== 'section.reviewed') continue;
    const event = readAuditEvent(entry);
    if (event?.kind !== 'section.reviewed' || event.data.hash !== hash) continue;
    const { data } = event;
    return data.status === 'reviewed'
      ? {
          status: 'reviewed',
          reviewer: data.reviewer,
          found: data.found,
          resolved: data.resolved,
          findings: data.findings,
        }
      : { status: 'not_reviewed', reviewer: data.reviewer, reason: data.reason ?? 'unknown' };
  }
  return undefined;
}
