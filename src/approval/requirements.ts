import type { RiskClass } from '../plan/schema.ts';
import { exceptionRoles, type FreezeOccurrence } from './freezes.ts';
import { isDraftItemKey } from './items.ts';
import { findRoleName } from './policy.ts';
import { hasPolicy, type Policy } from './roles.ts';

export interface ItemRequirements {
  /** Policy role names that must each approve, by distinct people, in this order. */
  roles: string[];
  /** True when the model's proposed role was unknown to the policy and was ignored. */
  fallback: boolean;
  /** Plain text for the item's message (escape it before it goes into mrkdwn). */
  note?: string;
  /** Roles required because the target window overlaps a freeze (marked as its exception). */
  freezeExceptionRoles?: string[];
}

export interface ItemRequirementsInput {
  policy: Policy;
  riskClass: RiskClass;
  itemKey: string;
  /** The draft's model-proposed approver_role; ignored for sections. */
  proposedRole?: string | undefined;
  /** Freezes the plan's target window overlaps (overlappingFreezes): their exception roles join. */
  freezes?: readonly FreezeOccurrence[];
}

const MAX_QUOTED = 50;

/**
 * The roles that must approve an item. The floor is always the matrix roles of the plan's risk
 * class: the model never lowers it. A draft's proposed role, if the policy knows it, is required
 * IN ADDITION (the model may ask for more scrutiny, never for less: otherwise it could route a
 * high-risk draft to a lighter role). An unknown proposed role is ignored and the message says so.
 */
export function itemRequirements(input: ItemRequirementsInput): ItemRequirements {
  return withFreezeExceptions(matrixRequirements(input), input);
}

function matrixRequirements(input: ItemRequirementsInput): ItemRequirements {
  const { policy, riskClass, itemKey } = input;
  if (!hasPolicy(policy)) {
    return {
      roles: [],
      fallback: false,
      note: 'No approval policy is configured: no one can approve this yet.',
    };
  }
  const matrix = [...policy.approvalMatrix[riskClass]];
  const proposed = isDraftItemKey(itemKey) ? input.proposedRole?.trim() : undefined;
  if (!proposed) return { roles: matrix, fallback: false };

  const known = findRoleName(policy, proposed);
  if (known === undefined) {
    return {
      roles: matrix,
      fallback: true,
      note: `Proposed approver role “${quoted(proposed)}” is not in the policy; the ${riskClass}-risk matrix applies (${matrix.join(', ')}).`,
    };
  }
  if (matrix.includes(known)) return { roles: matrix, fallback: false };
  return {
    roles: [...matrix, known],
    fallback: false,
    note: `This draft also needs “${known}”, its proposed approver role, on top of the ${riskClass}-risk matrix (${matrix.join(', ')}).`,
  };
}

/**
 * A target window in a freeze: each overlapping freeze's exception role must approve too, on top
 * of whatever the matrix and the draft asked for, and the note says why.
 */
function withFreezeExceptions(base: ItemRequirements, input: ItemRequirementsInput): ItemRequirements {
  const roles = hasPolicy(input.policy) ? exceptionRoles(input.freezes ?? []) : [];
  if (roles.length === 0) return base;
  const names = [...new Set((input.freezes ?? []).map((o) => o.window.name))];
  const note = `Freeze exception: the target window overlaps ${names.join(', ')}, so ${roles.map((r) => `“${r}”`).join(' and ')} must approve too.`;
  return {
    ...base,
    roles: [...base.roles, ...roles.filter((r) => !base.roles.includes(r))],
    note: base.note === undefined ? note : `${base.note} ${note}`,
    freezeExceptionRoles: roles,
  };
}

/** Model text, shortened and on one line, for quoting in a note. */
function quoted(text: string): string {
  const line = text.replace(/\s+/g, ' ');
  return line.length > MAX_QUOTED ? `${line.slice(0, MAX_QUOTED - 1)}…` : line;
}

/**
 * Who a recommendation falls to when the model named no role: the approval matrix's roles for the
 * plan's risk class, or the release manager when there is no policy.
 */
export function responsibleRole(policy: Policy, riskClass: RiskClass): string {
  const roles = policy.approvalMatrix[riskClass];
  return roles.length > 0 ? roles.join(' / ') : 'release manager';
}
