import { readFileSync } from 'node:fs';
import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import { z } from 'zod';
import { errorMessage, PolicyError } from '../errors.ts';
import { RISK_CLASSES, type RiskClass } from '../plan/schema.ts';

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

/** Carries every problem, each with its YAML path and line, so one edit fixes them all. */
export class PolicyFileError extends PolicyError {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super([`The policy file ${source} is invalid. Fix:`, ...problems.map((p) => `  - ${p}`)].join('\n'));
    this.problems = problems;
  }
}

const USER_ID = /^[UW][A-Z0-9]{2,}$/;
const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;
const ROLE_NAME_MAX = 50;

const id = (pattern: RegExp, what: string) =>
  z.string({ error: `must be a ${what} in quotes or plain text` }).regex(pattern, {
    error: (issue) => `${JSON.stringify(issue.input)} is not a ${what}`,
  });

const idList = (pattern: RegExp, what: string, example: string) =>
  z.array(id(pattern, what), { error: `must be a list of ${what}s, e.g. [${example}]` }).default([]);

const RoleSchema = z.strictObject(
  {
    users: idList(USER_ID, 'Slack user id (U… or W…, capital letters and digits)', 'U0123ABCD'),
    usergroups: idList(USERGROUP_ID, 'Slack user group id (S…, capital letters and digits)', 'S0123ABCD'),
    description: z.string({ error: 'must be text' }).max(300, 'must be at most 300 characters').optional(),
  },
  { error: 'must be a map with users and/or usergroups, e.g. { users: [U0123ABCD] }' },
);

const roleList = z
  .array(z.string({ error: 'must be a role name' }), {
    error: (issue) =>
      issue.input === undefined
        ? 'is missing: every risk class (low, medium, high) must list the roles that approve it'
        : 'must be a list of role names, e.g. [SRE lead, CTO]',
  })
  .min(1, 'must list at least one role');

const PolicyFileSchema = z.strictObject(
  {
    roles: z.record(z.string(), RoleSchema, {
      error: (issue) =>
        issue.input === undefined
          ? 'is missing: define the roles and their holders, e.g. roles: { SME: { users: [U0123ABCD] } }'
          : 'must be a map of role name → { users, usergroups }',
    }),
    approval_matrix: z.strictObject(
      { low: roleList, medium: roleList, high: roleList },
      {
        error: (issue) =>
          issue.input === undefined
            ? 'is missing: map each risk class to the roles that approve it, e.g. high: [SRE lead, CTO]'
            : 'must be a map of risk class (low, medium, high) → list of roles',
      },
    ),
  },
  { error: 'must be a map with roles and approval_matrix' },
);
type PolicyFile = z.infer<typeof PolicyFileSchema>;

type Path = readonly (string | number)[];
interface Problem {
  path: Path;
  message: string;
}

/** Reads and validates POLICY_FILE at start-up; throws PolicyFileError listing every problem. */
export function loadPolicyFile(path: string): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyFileError(path, [
      `cannot read it (${errorMessage(err)}): check POLICY_FILE, or unset it to run without approvals`,
    ]);
  }
  return parsePolicy(text, path);
}

/** Pure: YAML text → Policy, or PolicyFileError listing every problem with its path and line. */
export function parsePolicy(yamlText: string, source = 'POLICY_FILE'): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      source,
      doc.errors.map((e) => `line ${lineAt(e.pos[0])}: ${e.message.split('\n')[0]}`),
    );
  }
  const raw: unknown = doc.toJS();
  if (raw === null || raw === undefined) {
    throw new PolicyFileError(source, ['the file is empty: see policy.example.yml for its form']);
  }
  const parsed = PolicyFileSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : parsed.error.issues.flatMap(toProblems)), ...crossCheck(raw)];
  if (!parsed.success || problems.length > 0) {
    const located = problems.map((p) => ({ ...p, line: lineOf(doc, p.path, lineAt) }));
    located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new PolicyFileError(source, located.map(formatProblem));
  }
  return toPolicy(parsed.data);
}

function toPolicy(file: PolicyFile): Policy {
  const roles: Record<string, RoleDefinition> = {};
  for (const [name, role] of Object.entries(file.roles)) {
    roles[name] = {
      users: role.users,
      usergroups: role.usergroups,
      ...(role.description === undefined ? {} : { description: role.description }),
    };
  }
  const { low, medium, high } = file.approval_matrix;
  return { roles, approvalMatrix: { low, medium, high } };
}

function toProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  if (issue.code === 'unrecognized_keys') {
    const allowed = path.length === 0 ? 'roles, approval_matrix' : allowedKeysAt(path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `is not a known key (use ${allowed})`,
    }));
  }
  return [{ path, message: issue.message }];
}

function allowedKeysAt(path: Path): string {
  return path[0] === 'approval_matrix' ? RISK_CLASSES.join(', ') : 'users, usergroups, description';
}

/** Checks that span fields; tolerant of a malformed shape, which the schema reports on its own. */
function crossCheck(raw: unknown): Problem[] {
  const file = asRecord(raw);
  const roles = asRecord(file?.roles);
  // Without a roles map the schema has said so; role names in the matrix cannot be judged.
  if (!roles) return [];
  const names = Object.keys(roles);
  const problems = names.flatMap((name) => roleProblems(name, roles[name], names));
  const matrix = asRecord(file?.approval_matrix);
  for (const riskClass of RISK_CLASSES) {
    const list = matrix?.[riskClass];
    if (Array.isArray(list)) problems.push(...matrixProblems(riskClass, list, names));
    if (Array.isArray(list)) problems.push(...distinctPeopleProblems(riskClass, list, roles));
  }
  return problems;
}

/**
 * One person counts for one role on an item, so a risk class needs as many distinct people as it
 * lists roles. Checkable only when its roles are held by listed users alone (user groups are live).
 */
function distinctPeopleProblems(
  riskClass: RiskClass,
  list: readonly unknown[],
  roles: Record<string, unknown>,
): Problem[] {
  const required = [
    ...new Set(list.filter((r): r is string => typeof r === 'string' && Object.hasOwn(roles, r))),
  ];
  const holders = new Map<string, string[]>();
  for (const name of required) {
    const role = asRecord(roles[name]);
    if (!role || !isEmptyList(role.usergroups) || !Array.isArray(role.users)) return [];
    holders.set(
      name,
      role.users.filter((u): u is string => typeof u === 'string'),
    );
  }
  if (maxDistinctAssignment(required, holders) >= required.length) return [];
  return [
    {
      path: ['approval_matrix', riskClass],
      message: `needs ${required.length} different people (${required.join(', ')}), but their users are too few to fill every role: one person counts for one role`,
    },
  ];
}

function roleProblems(name: string, value: unknown, names: readonly string[]): Problem[] {
  const path = ['roles', name];
  const problems: Problem[] = [];
  if (name.trim().length === 0 || name.length > ROLE_NAME_MAX || name !== name.trim()) {
    problems.push({ path, message: `role names are 1 to ${ROLE_NAME_MAX} characters, without outer spaces` });
  }
  if (name.toLowerCase() === REQUESTER_ROLE) {
    problems.push({
      path,
      message: `“${REQUESTER_ROLE}” is reserved for requesters: choose another role name`,
    });
  }
  const twin = names.find((other) => other !== name && other.toLowerCase() === name.toLowerCase());
  if (twin !== undefined && names.indexOf(twin) < names.indexOf(name)) {
    problems.push({ path, message: `differs from role “${twin}” only in case: merge them or rename one` });
  }
  const role = asRecord(value);
  if (role && isEmptyList(role.users) && isEmptyList(role.usergroups)) {
    problems.push({ path, message: 'has no users and no usergroups: no one could approve for it' });
  }
  return problems;
}

function matrixProblems(riskClass: RiskClass, list: readonly unknown[], names: readonly string[]): Problem[] {
  return list.flatMap((role, index): Problem[] => {
    const path = ['approval_matrix', riskClass, index];
    if (typeof role !== 'string') return [];
    if (list.indexOf(role) < index) return [{ path, message: `lists “${role}” twice` }];
    if (names.includes(role)) return [];
    const near = names.find((n) => n.toLowerCase() === role.trim().toLowerCase());
    const hint =
      near === undefined ? `defined roles: ${names.join(', ') || 'none'}` : `did you mean “${near}”?`;
    return [{ path, message: `role “${role}” is not defined under roles (${hint})` }];
  });
}

function isEmptyList(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** "roles.“SRE lead”.users[0] (line 3): …" */
function formatProblem(problem: Problem & { line: number | undefined }): string {
  const line = problem.line === undefined ? '' : ` (line ${problem.line})`;
  return `${formatPath(problem.path)}${line}: ${problem.message}`;
}

/** The line of the deepest node on the path that exists (a missing key points at its parent). */
function lineOf(doc: Document, path: Path, lineAt: (offset: number) => number): number | undefined {
  const offset = offsetOf(doc, path);
  return offset === undefined ? undefined : lineAt(offset);
}

function offsetOf(doc: Document, path: Path): number | undefined {
  let node: unknown = doc.contents;
  let offset = (doc.contents as Node | null)?.range?.[0];
  for (const segment of path) {
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => (isScalar(p.key) ? String(p.key.value) : p.key) === String(segment),
      );
      if (!pair) break;
      offset = (pair.key as Node | null)?.range?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment];
      if (item === undefined) break;
      offset = (item as Node | null)?.range?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}

function formatPath(path: Path): string {
  if (path.length === 0) return '(top level)';
  return path
    .map((segment, i) => {
      if (typeof segment === 'number') return `[${segment}]`;
      const name = /^[A-Za-z_][\w-]*$/.test(segment) ? segment : `“${segment}”`;
      return i === 0 ? name : `.${name}`;
    })
    .join('');
}

const RISK_LABEL: Record<RiskClass, string> = { low: 'Low risk', medium: 'Medium risk', high: 'High risk' };

/** The matrix in words, for the modal: "Low risk: SME · Medium risk: SRE lead · High risk: SRE lead and CTO". */
export function describeMatrix(policy: Policy): string {
  if (!hasPolicy(policy))
    return 'No approval policy is configured (POLICY_FILE): no one can approve plans yet.';
  return RISK_CLASSES.map((rc) => `${RISK_LABEL[rc]}: ${joinWithAnd(policy.approvalMatrix[rc])}`).join(' · ');
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
