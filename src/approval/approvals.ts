import { DraftItem, type OverallStatus, type RiskClass } from '../plan/schema.ts';
import type { DecisionRecord } from './decisions.ts';
import {
  type FreezeOccurrence,
  hasUnexceptedFreeze,
  overlappingFreezes,
  type TargetWindow,
} from './freezes.ts';
import { hashesOf, isDraftItemKey, type PlanItem, type VersionHashes } from './items.ts';
import { type ItemRequirements, itemRequirements } from './requirements.ts';
import { freezeWindowsOf, type Policy } from './roles.ts';
import {
  type CurrentItem,
  contentSinceVersions,
  currentDecisions,
  type ItemState,
  itemState,
  planState,
} from './state.ts';

/** One approvable item as it stands: its content, what it needs, and the decisions that count. */
export interface ItemApproval {
  item: PlanItem;
  current: CurrentItem;
  requirements: ItemRequirements;
  /** Every decision ever given on this item key (any content); decideClick filters them itself. */
  decisions: DecisionRecord[];
  state: ItemState;
}

export interface PlanApprovals {
  items: ItemApproval[];
  /**
   * Green only once the plan is complete (all six sections in, ready) and every item is approved,
   * and never while the target window lies in a freeze no one can except.
   */
  colour: OverallStatus;
  complete: boolean;
  /** The applicable freezes the target window overlaps (checked by code, not by the model). */
  freezes: FreezeOccurrence[];
}

export interface ApprovalsInput {
  policy: Policy;
  riskClass: RiskClass;
  version: number;
  /** The items' content at `version`. */
  items: readonly PlanItem[];
  /** Item hashes of earlier versions (later ones are ignored). */
  history: readonly VersionHashes[];
  decisions: readonly DecisionRecord[];
  complete: boolean;
  /** The requested target window, if any: freezes it overlaps add their exception roles. */
  target?: TargetWindow | undefined;
}

/** Pure: the approval state of each item and of the plan. */
export function approvalsOf(input: ApprovalsInput): PlanApprovals {
  const history = [
    ...input.history.filter((h) => h.version < input.version),
    { version: input.version, hashes: hashesOf(input.items) },
  ];
  const since = contentSinceVersions(history);
  const freezes = overlappingFreezes(freezeWindowsOf(input.policy), input.target, input.riskClass);
  const items = input.items.map((item): ItemApproval => {
    const current: CurrentItem = {
      key: item.key,
      contentHash: item.hash,
      version: since[item.key] ?? input.version,
    };
    const requirements = itemRequirements({
      policy: input.policy,
      riskClass: input.riskClass,
      itemKey: item.key,
      proposedRole: proposedRoleOf(item),
      freezes,
    });
    const decisions = input.decisions.filter((d) => d.itemKey === item.key);
    return {
      item,
      current,
      requirements,
      decisions,
      state: itemState(requirements.roles, currentDecisions(decisions, current)),
    };
  });
  const colour = planState(items.map((i) => i.state));
  const capped = !input.complete || hasUnexceptedFreeze(freezes);
  return {
    items,
    complete: input.complete,
    freezes,
    colour: colour === 'green' && capped ? 'yellow' : colour,
  };
}

function proposedRoleOf(item: PlanItem): string | undefined {
  if (!isDraftItemKey(item.key)) return undefined;
  const draft = DraftItem.safeParse(item.content);
  return draft.success ? draft.data.approver_role : undefined;
}
