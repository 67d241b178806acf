import { freezesForPlan } from '../../approval/freezes.ts';
import { freezeWindowsOf } from '../../approval/roles.ts';
import type { PlanRequest } from '../../plan/request.ts';
import type { PromptFreeze } from '../../plan/schedule-prompt.ts';
import type { ServiceDeps } from '../deps.ts';

/** The freezes of the plan's period, as the prompt states them (the policy in force, the clock's now). */
export function promptFreezes(
  deps: Pick<ServiceDeps, 'policy' | 'clock'>,
  request: PlanRequest,
): PromptFreeze[] {
  return freezesForPlan(freezeWindowsOf(deps.policy), request, deps.clock.now()).map((o) => ({
    name: o.window.name,
    start: o.start,
    end: o.end,
    timezone: o.window.timezone,
    exceptionRole: o.window.exceptionRole,
  }));
}
