import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { z } from 'zod';
import { errorMessage, PolicyError } from '../errors.ts';
import * as gatesFile from '../evidence/gates-file.ts';
import { USER_ID, USERGROUP_ID } from '../lib/slack-ids.ts';
import { RISK_CLASSES, type RiskClass } from '../plan/schema.ts';
import { FREEZE_KEYS, FreezeWindowsSchema, freezeProblems, toFreezeWindows } from './freeze-file.ts';
import { maxDistinctAssignment, type Policy, REQUESTER_ROLE, type RoleDefinition } from './roles.ts';
import { TIMEOUT_KEYS, TimeoutsSchema, timeoutsProblems, toTimeouts } from './timeouts-file.ts';
import { formatProblem, lineOf, type Path, type Problem } from './yaml-locations.ts';

/** Carries every problem, each with its YAML path and line, so one edit fixes them all. */
export class PolicyFileError extends PolicyError {
  readonly problems: string[];
  constructor(source: string, problems: string[]) {
    super([`The policy file ${source} is invalid. Fix:`, ...problems.map((p) => `  - ${p}`)].join('\n'));
    this.problems = problems;
  }
}

const ROLE_NAME_MAX = 50;
type Options = gatesFile.PolicyOptions;

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

const HOST = /^(\*\.)?([a-z0-9-]+\.)+[a-z]{2,}$/i;

const LinksSchema = z.strictObject(
  {
    allowed_hosts: z
      .array(
        z.string({ error: 'must be a host name' }).regex(HOST, {
          error: (issue) =>
            `${JSON.stringify(issue.input)} is not a host name (e.g. github.com, or *.atlassian.net for its subdomains)`,
        }),
        { error: 'must be a list of host names, e.g. [github.com, "*.atlassian.net"]' },
      )
      .default([]),
  },
  { error: 'must be a map with allowed_hosts, e.g. { allowed_hosts: [github.com] }' },
);

const ReviewSchema = z.strictObject(
  {
    risk_classes: z
      .array(z.enum(RISK_CLASSES, { error: 'must be low, medium or high' }), {
        error: 'must be a list of risk classes, e.g. [high], or [] for no review',
      })
      .default(['high']),
  },
  { error: 'must be a map with risk_classes, e.g. { risk_classes: [high] }' },
);

const PolicyFileSchema = z.strictObject(
  {
    links: LinksSchema.optional(),
    review: ReviewSchema.optional(),
    freeze_windows: FreezeWindowsSchema.optional(),
    gates: gatesFile.GatesSchema.optional(),
    timeouts: TimeoutsSchema.optional(),
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

/** Reads and validates POLICY_FILE at start-up; throws PolicyFileError listing every problem. */
export function loadPolicyFile(path: string, options: Options = {}): Policy {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new PolicyFileError(path, [
      `cannot read it (${errorMessage(err)}): check POLICY_FILE, or unset it to run without approvals`,
    ]);
  }
  return parsePolicy(text, path, options);
}

/** Pure: YAML text → Policy, or PolicyFileError listing every problem with its path and line. */
export function parsePolicy(yamlText: string, source = 'POLICY_FILE', options: Options = {}): Policy {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false, uniqueKeys: true });
  const lineAt = (offset: number) => lineCounter.linePos(offset).line;
  if (doc.errors.length > 0) {
    throw new PolicyFileError(
      source,
      doc.errors.map((e) => `line ${lineAt(e.pos[0])}: ${e.message.split('\n')[0]}`),
    );
  }
  const raw = toJS(doc, source);
  if (raw === null || raw === undefined) {
    throw new PolicyFileError(source, ['the file is empty: see policy.example.yml for its form']);
  }
  const parsed = PolicyFileSchema.safeParse(raw);
  const problems = [...(parsed.success ? [] : parsed.error.issues.flatMap(toProblems)), ...crossCheck(raw)];
  problems.push(...gatesFile.gateProblems(raw, options.connectors));
  if (!parsed.success || problems.length > 0) {
    const located = problems.map((p) => ({ ...p, line: lineOf(doc, p.path, lineAt) }));
    located.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new PolicyFileError(source, located.map(formatProblem));
  }
  return toPolicy(parsed.data);
}

/**
 * A policy file needs few aliases; many expand exponentially (the "billion laughs"): yaml stops at
 * this count with a ReferenceError, which becomes the one clear message rather than a stack trace.
 */
const MAX_ALIAS_COUNT = 50;

function toJS(doc: ReturnType<typeof parseDocument>, source: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (!(err instanceof ReferenceError)) throw err;
    throw new PolicyFileError(source, [
      `too many aliases (*name) expand to too much data (${errorMessage(err)}): write the lists out, or use fewer anchors`,
    ]);
  }
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
  return {
    roles,
    approvalMatrix: { low, medium, high },
    ...(file.links ? { links: { allowedHosts: file.links.allowed_hosts } } : {}),
    ...(file.freeze_windows ? { freezeWindows: toFreezeWindows(file.freeze_windows) } : {}),
    ...(file.review ? { review: { riskClasses: [...new Set(file.review.risk_classes)] } } : {}),
    ...(file.gates ? { gates: gatesFile.toGates(file.gates) } : {}),
    ...(file.timeouts ? { timeouts: toTimeouts(file.timeouts) } : {}),
  };
}

function toProblems(issue: z.core.$ZodIssue): Problem[] {
  const path = issue.path.map((s) => (typeof s === 'symbol' ? String(s) : s));
  if (issue.code === 'unrecognized_keys') {
    const allowed =
      path.length === 0
        ? 'roles, approval_matrix, links, freeze_windows, review, timeouts, gates'
        : allowedKeysAt(path);
    return issue.keys.map((key) => ({
      path: [...path, key],
      message: `is not a known key (use ${allowed})`,
    }));
  }
  return [{ path, message: issue.message }];
}

function allowedKeysAt(path: Path): string {
  if (path[0] === 'links') return 'allowed_hosts';
  if (path[0] === 'review') return 'risk_classes';
  if (path[0] === 'freeze_windows') return FREEZE_KEYS;
  if (path[0] === 'gates') return gatesFile.gateKeysAt(path);
  if (path[0] === 'timeouts') return TIMEOUT_KEYS;
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
  problems.push(...freezeProblems(file?.freeze_windows, names));
  problems.push(...timeoutsProblems(file?.timeouts, names));
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
