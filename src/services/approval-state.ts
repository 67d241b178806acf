import { DraftItem, type OverallStatus, type RiskClass, SECTION_KEYS } from '../plan/schema.ts';
import { type ItemRequirements, isDraftItemKey, itemRequirements } from '../review/items.ts';
import type { Policy } from '../review/policy-file.ts';
import {
  type CurrentItem,
  contentSinceVersions,
  currentDecisions,
  type ItemState,
  itemState,
  planState,
} from '../review/state.ts';
import type { DecisionRecord, PlanRecord, SectionRecord } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import { hashesOf, itemHistory, type PlanItem, planItems } from './revision-items.ts';

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
  /** Green only once the plan is complete (all six sections in, ready) and every item is approved. */
  colour: OverallStatus;
  complete: boolean;
}

type ItemHistory = readonly { version: number; hashes: Readonly<Record<string, string>> }[];

export interface ApprovalsInput {
  policy: Policy;
  riskClass: RiskClass;
  version: number;
  /** The items' content at `version`. */
  items: readonly PlanItem[];
  /** Item hashes of earlier versions (later ones are ignored). */
  history: ItemHistory;
  decisions: readonly DecisionRecord[];
  complete: boolean;
}

/** Pure: the approval state of each item and of the plan. */
export function approvalsOf(input: ApprovalsInput): PlanApprovals {
  const history = [
    ...input.history.filter((h) => h.version < input.version),
    { version: input.version, hashes: hashesOf(input.items) },
  ];
  const since = contentSinceVersions(history);
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
  return {
    items,
    complete: input.complete,
    colour: colour === 'green' && !input.complete ? 'yellow' : colour,
  };
}

function proposedRoleOf(item: PlanItem): string | undefined {
  if (!isDraftItemKey(item.key)) return undefined;
  const draft = DraftItem.safeParse(item.content);
  return draft.success ? draft.data.approver_role : undefined;
}

/** The plan's approvals at its current version, from the store. */
export async function loadApprovals(
  deps: Pick<ServiceDeps, 'store' | 'policy'>,
  plan: PlanRecord,
  /** Content not yet in the store (a section being posted) replaces the stored one. */
  pending?: SectionRecord,
): Promise<PlanApprovals> {
  const stored = await deps.store.listSections(plan.id, plan.version);
  const sections = pending ? [...stored.filter((s) => s.key !== pending.key), pending] : stored;
  sections.sort((a, b) => SECTION_KEYS.indexOf(a.key) - SECTION_KEYS.indexOf(b.key));
  return approvalsOf({
    policy: deps.policy,
    riskClass: plan.request.riskClass,
    version: plan.version,
    items: planItems(sections),
    history: await itemHistory(deps.store, plan.id, plan.version - 1),
    decisions: await deps.store.listDecisions(plan.id),
    complete: plan.status === 'ready' && sections.length === SECTION_KEYS.length,
  });
}

/** How people see an item named: "3/6 · Change Gating Rules", or "Draft: Jira epic update". */
export function itemTitle(item: Pick<PlanItem, 'key' | 'section' | 'title'>): string {
  if (isDraftItemKey(item.key)) return item.title;
  return `${SECTION_KEYS.indexOf(item.section) + 1}/${SECTION_KEYS.length} · ${item.title}`;
}
