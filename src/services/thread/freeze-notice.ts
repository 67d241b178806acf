import type { PlanApprovals } from '../../approval/approvals.ts';
import { nextFreeze, targetOf } from '../../approval/freezes.ts';
import { freezeWindowsOf, type Policy } from '../../approval/roles.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { freezeNotice } from '../../slack/blocks/freeze-lines.ts';

/**
 * What a plan shows about freezes: its target window and the applicable freezes it overlaps (from
 * its approvals, where they also add the exception roles); without a target window, and when `ahead`
 * is given, the next applicable freeze after `now`.
 */
export function plansFreezeNotice(
  plan: PlanRecord,
  approvals: Pick<PlanApprovals, 'freezes'>,
  ahead?: { policy: Policy; now: Date },
): string | undefined {
  const target = targetOf(plan.request);
  const next =
    !target && ahead
      ? nextFreeze(freezeWindowsOf(ahead.policy), ahead.now, plan.request.riskClass)
      : undefined;
  return freezeNotice({ target, overlaps: approvals.freezes, next });
}
