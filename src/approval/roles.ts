import type { GateDefinition } from '../evidence/checks.ts';
import type { PlanRequest } from '../plan/request.ts';
import { RISK_CLASSES, RISK_LABEL, type RiskClass } from '../plan/schema.ts';
import type { FreezeWindow } from './freezes.ts';
import type { Timeouts } from './timeouts.ts';

/**
 * The approval policy: roles, who holds them, and which roles approve each risk class.
 * It comes only from the operator's POLICY_FILE — never from the model, never from the requester.
 */
export interface RoleDefinition {
  users: readonly string[];
  usergroups: readonly string[];
  description?: string;
}

export interface Policy {
  /** Role name → holders, in file order (the order used whenever roles are listed). */
  roles: Readonly<Record<string, RoleDefinition>>;
  approvalMatrix: Readonly<Record<RiskClass, readonly string[]>>;
  /** Hosts model-written text may link to; other links are shown as plain text. None: no links. */
  links?: { allowedHosts: readonly string[] };
  /** Times when changes don't ship (freeze_windows); none without the key. */
  freezeWindows?: readonly FreezeWindow[];
  /** Risk classes whose gating rules a second model reviews (review.risk_classes); default [high]. */
  review?: { riskClasses: readonly RiskClass[] };
  /** Gates decided by live evidence (gates:), per environment; none without the key. */
  gates?: readonly GateDefinition[];
  /** Reminders, escalation and expiry of pending approvals (timeouts); none without the key. */
  timeouts?: Timeouts;
}

/** The risk classes the policy has reviewed by a second model: [high] without a `review:` section. */
export function reviewRiskClasses(policy: Policy): readonly RiskClass[] {
  return policy.review?.riskClasses ?? ['high'];
}

/** Whether a plan's gating rules get a second model's review: the policy requires it, or the requester asked. */
export function reviewWanted(policy: Policy, request: Pick<PlanRequest, 'riskClass' | 'options'>): boolean {
  return reviewRiskClasses(policy).includes(request.riskClass) || request.options.secondModelReview;
}

/** The form's hint on the review option: which classes the policy always has reviewed. */
export function reviewHint(policy: Policy): string {
  const classes = reviewRiskClasses(policy).map((rc) => RISK_LABEL[rc].toLowerCase());
  return classes.length > 0 ? `Always on for ${joinWithAnd(classes)} risk (policy)` : 'Off unless ticked';
}

/** The policy's freeze windows (none without a `freeze_windows:` section). */
export function freezeWindowsOf(policy: Policy): readonly FreezeWindow[] {
  return policy.freezeWindows ?? [];
}

/** The policy's evidence-backed gates (none without a `gates:` section). */
export function gatesOf(policy: Policy): readonly GateDefinition[] {
  return policy.gates ?? [];
}

/** The hosts the policy allows links to (none without a `links:` section). */
export function allowedLinkHosts(policy: Policy): readonly string[] {
  return policy.links?.allowedHosts ?? [];
}

/** No policy file: the bot still plans, but no one holds a role, so no one can approve. */
export const NO_POLICY: Policy = Object.freeze({
  roles: Object.freeze({}),
  approvalMatrix: Object.freeze({ low: [], medium: [], high: [] }),
});

export function hasPolicy(policy: Policy): boolean {
  return Object.keys(policy.roles).length > 0;
}

/**
 * Recorded as the role of a requester who requests changes on their own plan without holding a
 * required role; reserved so no policy role can be confused with it.
 */
export const REQUESTER_ROLE = 'requester';

/** The matrix in words, for the modal: "Low risk: SME · Medium risk: SRE lead · High risk: SRE lead and CTO". */
export function describeMatrix(policy: Policy): string {
  if (!hasPolicy(policy))
    return 'No approval policy is configured (POLICY_FILE): no one can approve plans yet.';
  return RISK_CLASSES.map((rc) => `${RISK_LABEL[rc]} risk: ${joinWithAnd(policy.approvalMatrix[rc])}`).join(
    ' · ',
  );
}

export function joinWithAnd(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** How many roles can be filled by distinct people (Kuhn's augmenting paths; roles are few). */
export function maxDistinctAssignment(
  roles: readonly string[],
  candidates: ReadonlyMap<string, readonly string[]>,
): number {
  const roleOfPerson = new Map<string, string>();
  const assign = (role: string, visited: Set<string>): boolean => {
    for (const person of candidates.get(role) ?? []) {
      if (visited.has(person)) continue;
      visited.add(person);
      const taken = roleOfPerson.get(person);
      if (taken === undefined || assign(taken, visited)) {
        roleOfPerson.set(person, role);
        return true;
      }
    }
    return false;
  };
  return roles.filter((role) => assign(role, new Set())).length;
}
