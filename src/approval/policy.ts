import type { DecisionKind, DecisionRecord } from './decisions.ts';
import { isDraftItemKey } from './items.ts';
import { hasPolicy, joinWithAnd, maxDistinctAssignment, type Policy, REQUESTER_ROLE } from './roles.ts';
import { type CurrentItem, currentDecisions, type ItemState, itemState } from './state.ts';

/** Live members of each user group, resolved elsewhere (usergroups.users.list, cached briefly). */
export type UsergroupMembers = Readonly<Record<string, readonly string[]>>;

/** The policy's own spelling of a role name, matched without regard to case or spacing. */
export function findRoleName(policy: Policy, name: string): string | undefined {
  const wanted = normalise(name);
  return Object.keys(policy.roles).find((role) => normalise(role) === wanted);
}

function normalise(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Everyone holding a role: its users, then the members of its user groups; no repeats. */
export function holdersOf(policy: Policy, role: string, usergroupMembers: UsergroupMembers): string[] {
  const definition = Object.hasOwn(policy.roles, role) ? policy.roles[role] : undefined;
  if (!definition) return [];
  const members = definition.usergroups.flatMap((group) => usergroupMembers[group] ?? []);
  return [...new Set([...definition.users, ...members])];
}

/** The roles a user holds, in policy order. */
export function rolesOf(policy: Policy, userId: string, usergroupMembers: UsergroupMembers): string[] {
  return Object.keys(policy.roles).filter((role) =>
    holdersOf(policy, role, usergroupMembers).includes(userId),
  );
}

export interface ClickInput {
  userId: string;
  requesterId: string;
  action: DecisionKind;
  /** requiredRoles from itemRequirements; version as in CurrentItem (since this content). */
  item: CurrentItem & { requiredRoles: readonly string[] };
  /** The hash and version carried by the clicked button. */
  clickedHash: string;
  clickedVersion: number;
  /**
   * The role named by the clicked Approve button, when each open role has its own. Without it the
   * role is chosen for the person (chooseRole); with it the person approves as that role or not at all.
   */
  clickedRole?: string;
  /** Decisions recorded on this item (any hash or version: those that no longer count are ignored). */
  decisions: readonly DecisionRecord[];
  policy: Policy;
  usergroupMembers: UsergroupMembers;
}

export type RefusalReason =
  | 'no_policy'
  | 'stale'
  | 'already_decided'
  | 'self_approval'
  | 'not_holder'
  | 'on_hold'
  | 'already_satisfied'
  | 'would_block'
  | 'one_role_per_person';

export interface WhoCanDecide {
  role: string;
  users: string[];
}

export type ClickDecision =
  | { kind: 'accept'; role: string }
  | { kind: 'duplicate' }
  | { kind: 'refuse'; reason: RefusalReason; message: string; whoCanDecide: WhoCanDecide[] };

/**
 * Decides one button click. The rules:
 * - only the item's current content can be decided: a click carrying another hash, or a version
 *   from before this content appeared, is stale;
 * - one decision per person per content: the same click again is a duplicate, the other button
 *   is refused (the store keeps one decision per item, hash and user);
 * - Approve: never by the requester; only by a holder of a required role still open; not while
 *   changes are requested. A person counts for one role (see chooseRole);
 * - Request changes: by any holder of a required role, even on an approved item (stopping is
 *   always allowed to those who could decide), and by the requester on their own plan, recorded
 *   under the role "requester" when they hold no required role: they may always pull it back.
 */
export function decideClick(input: ClickInput): ClickDecision {
  const { policy, item, userId, action } = input;
  if (!hasPolicy(policy)) return refuse('no_policy', NO_POLICY_MESSAGE, []);

  const decisions = currentDecisions(input.decisions, item);
  const state = itemState(item.requiredRoles, decisions);
  const eligible = eligibleHolders({ ...input, state });
  const who = state.openRoles.map((role) => ({ role, users: eligible.get(role) ?? [] }));
  const userRoles = rolesOf(policy, userId, input.usergroupMembers);
  const held = item.requiredRoles.filter((role) => userRoles.includes(role));

  if (input.clickedHash !== item.contentHash || input.clickedVersion < item.version) {
    return refuse('stale', staleMessage(item.key), who);
  }
  const mine = decisions.find((d) => d.userId === userId);
  if (mine)
    return repeated(
      mine,
      input,
      held.filter((r) => r !== mine.role && state.openRoles.includes(r)),
      who,
    );
  if (action === 'request_changes') {
    const role = held[0] ?? (userId === input.requesterId ? REQUESTER_ROLE : undefined);
    return role === undefined
      ? refuse('not_holder', `Only holders of a required role can request changes here.${whoLine(who)}`, who)
      : { kind: 'accept', role };
  }
  if (userId === input.requesterId) {
    return refuse('self_approval', `You requested this plan, so you can't approve it.${whoLine(who)}`, who);
  }
  if (held.length === 0) {
    const needed = joinWithAnd(item.requiredRoles.map(quoteRole));
    return refuse(
      'not_holder',
      `Only a holder of ${needed || 'a required role'} can approve this.${whoLine(who)}`,
      who,
    );
  }
  if (state.changesRequestedBy) {
    const by = `<@${state.changesRequestedBy.userId}>`;
    return refuse('on_hold', `${by} requested changes, so this is on hold until it is revised.`, who);
  }
  const open = held.filter((role) => state.openRoles.includes(role));
  if (input.clickedRole !== undefined) {
    return decideRoleButton({ clicked: input.clickedRole, item, held, open, state, eligible, userId, who });
  }
  const role = chooseRole(open, state.openRoles, eligible, userId);
  if (role === undefined) {
    const covered = state.approvedBy.filter((a) => held.includes(a.role));
    const by = covered.map((a) => `${quoteRole(a.role)} by <@${a.userId}>`).join(', ');
    return refuse('already_satisfied', `Your role here is already covered: ${by}.${whoLine(who)}`, who);
  }
  return { kind: 'accept', role };
}

const NO_POLICY_MESSAGE =
  'No approval policy is configured, so no one can decide on plans yet. An admin sets POLICY_FILE (see policy.example.yml).';
/** Said to whoever clicks on content that has changed since their message showed it. */
export function staleMessage(itemKey: string): string {
  const what = isDraftItemKey(itemKey) ? 'draft' : 'section';
  return `This ${what} changed since you saw it, so this message is out of date: review the new version in the thread and decide there.`;
}
const PAST: Record<DecisionKind, string> = { approve: 'approved', request_changes: 'requested changes on' };

/**
 * A click by someone who already decided this content. The same decision again is a double click
 * (nothing to say), unless it would count them for another role they hold that is still open: one
 * person counts for one role, so they are told why it did not count.
 */
function repeated(mine: DecisionRecord, input: ClickInput, otherOpen: string[], who: WhoCanDecide[]) {
  if (mine.decision !== input.action) {
    return refuse('already_decided', `You already ${PAST[mine.decision]} this version of the item.`, who);
  }
  const asked = input.clickedRole ?? otherOpen[0];
  if (input.action !== 'approve' || asked === undefined || asked === mine.role)
    return { kind: 'duplicate' } as const;
  return refuse(
    'one_role_per_person',
    `You already approved this as ${quoteRole(mine.role)}. One person counts for one role, so your approval can't also count as ${quoteRole(asked)}: another holder of ${quoteRole(asked)} has to approve.${whoLine(who)}`,
    who,
  );
}

interface RoleButtonClick {
  clicked: string;
  item: ClickInput['item'];
  held: readonly string[];
  open: readonly string[];
  state: ItemState;
  eligible: ReadonlyMap<string, readonly string[]>;
  userId: string;
  who: WhoCanDecide[];
}

/**
 * Approve on a role's own button: the person approves as that role, provided they hold it, it is
 * still open, and counting them for it leaves the other open roles as fillable as the best choice
 * would (else a person holding two roles could deadlock the rule by picking the wrong one).
 */
function decideRoleButton(click: RoleButtonClick): ClickDecision {
  const { clicked, held, open, state, eligible, userId, who } = click;
  if (!click.item.requiredRoles.includes(clicked)) return refuse('stale', staleMessage(click.item.key), who);
  if (!held.includes(clicked)) {
    const instead = open.length > 0 ? ` You can approve as ${joinWithAnd(open.map(quoteRole))}.` : '';
    return refuse(
      'not_holder',
      `Only a holder of ${quoteRole(clicked)} can approve as ${quoteRole(clicked)}.${instead}${whoLine(who)}`,
      who,
    );
  }
  if (!open.includes(clicked)) {
    const by = state.approvedBy.find((a) => a.role === clicked);
    const covered = by ? ` by <@${by.userId}>` : '';
    return refuse(
      'already_satisfied',
      `${quoteRole(clicked)} is already covered${covered}.${whoLine(who)}`,
      who,
    );
  }
  const best = chooseRole(open, state.openRoles, eligible, userId);
  if (
    best !== undefined &&
    best !== clicked &&
    fillableWithout(best, state.openRoles, eligible, userId) >
      fillableWithout(clicked, state.openRoles, eligible, userId)
  ) {
    return refuse(
      'would_block',
      `Please approve as ${quoteRole(best)} instead: if you count as ${quoteRole(clicked)}, no one else eligible could approve as ${quoteRole(best)}.${whoLine(who)}`,
      who,
    );
  }
  return { kind: 'accept', role: clicked };
}

function refuse(reason: RefusalReason, message: string, whoCanDecide: WhoCanDecide[]): ClickDecision {
  return { kind: 'refuse', reason, message, whoCanDecide };
}

export interface EligibilityInput {
  policy: Policy;
  usergroupMembers: UsergroupMembers;
  /** The plan's requester: never eligible to approve it. */
  requesterId: string;
  /** The item's state from its current decisions (itemState). */
  state: Pick<ItemState, 'openRoles' | 'approvedBy'>;
}

/**
 * Who still owes a decision on an item: for each role still open, its holders who could fill it,
 * i.e. not the requester and not someone already counted for another role of the item. Refusal
 * messages name them; an approver's inbox and reminders ask the same question.
 */
export function eligibleHolders(input: EligibilityInput): Map<string, string[]> {
  const approvers = new Set(input.state.approvedBy.map((a) => a.userId));
  const eligible = new Map<string, string[]>();
  for (const role of input.state.openRoles) {
    const holders = holdersOf(input.policy, role, input.usergroupMembers);
    eligible.set(
      role,
      holders.filter((u) => u !== input.requesterId && !approvers.has(u)),
    );
  }
  return eligible;
}

/**
 * Which open role a person holding several counts for. Deterministic, and it never deadlocks the
 * rule when avoidable: take the role that leaves the most remaining open roles fillable by
 * distinct other eligible people (a maximum bipartite matching); on a tie, the first in required
 * (matrix) order. E.g. with SRE lead and CTO open, Ann holding both and Bob holding only SRE
 * lead, Ann counts as CTO so that Bob can still approve as SRE lead.
 */
export function chooseRole(
  candidates: readonly string[],
  openRoles: readonly string[],
  eligible: ReadonlyMap<string, readonly string[]>,
  userId: string,
): string | undefined {
  let best: { role: string; fillable: number } | undefined;
  for (const role of candidates) {
    const fillable = fillableWithout(role, openRoles, eligible, userId);
    if (!best || fillable > best.fillable) best = { role, fillable };
  }
  return best?.role;
}

/** How many of the other open roles distinct other eligible people could still fill if `userId` takes `role`. */
function fillableWithout(
  role: string,
  openRoles: readonly string[],
  eligible: ReadonlyMap<string, readonly string[]>,
  userId: string,
): number {
  const others = new Map([...eligible].map(([r, users]) => [r, users.filter((u) => u !== userId)]));
  return maxDistinctAssignment(
    openRoles.filter((r) => r !== role),
    others,
  );
}

const MAX_LISTED = 10;

/** " Who can decide: “SRE lead” (<@U1>, <@U2>) · “CTO” (no one eligible)". */
function whoLine(who: readonly WhoCanDecide[]): string {
  if (who.length === 0) return '';
  const parts = who.map(({ role, users }) => {
    const listed = users.slice(0, MAX_LISTED).map((u) => `<@${u}>`);
    if (users.length > MAX_LISTED) listed.push(`${users.length - MAX_LISTED} more`);
    return `${quoteRole(role)} (${listed.join(', ') || 'no one eligible'})`;
  });
  return ` Who can decide: ${parts.join(' · ')}.`;
}

/** Role names come from the operator's file, yet still go into mrkdwn: escape its control characters. */
function quoteRole(role: string): string {
  return `“${role.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')}”`;
}
