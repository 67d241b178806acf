import { FINDING_PREFIX, type GuardFinding } from './findings.ts';
import { formatPath, type JsonPath, mapStrings, valueAt } from './walk.ts';

/** The plan schema's fields that name the role carrying something out. */
export const ROLE_FIELDS: readonly string[] = ['owner_role', 'approver_role', 'role', 'escalate_to_role'];

function isRoleField(path: JsonPath): boolean {
  const last = path[path.length - 1];
  return last !== undefined && ROLE_FIELDS.includes(last);
}

/**
 * Every recommendation must be executable by a named role: blank role fields are filled with
 * `defaultRole`, each reported as a finding.
 */
export function fillRoles<T>(
  section: T,
  defaultRole: string,
  options: { root?: string } = {},
): { value: T; findings: GuardFinding[] } {
  const findings: GuardFinding[] = [];
  const value = mapStrings(section, (text, path) => {
    if (!isRoleField(path) || text.trim() !== '') return text;
    findings.push({
      path: formatPath(path, options.root),
      kind: `${FINDING_PREFIX.role}filled`,
      excerpt: defaultRole,
    });
    return defaultRole;
  });
  return { value, findings };
}

/**
 * The role responsible for the string at `path`: the nearest enclosing object's role field
 * (a task's owner_role, a rule's approver_role…), else `fallback`. Suits `guardValue`'s `ownerRole`.
 */
export function nearestRole(root: unknown, path: JsonPath, fallback: string): string {
  for (let depth = path.length; depth >= 0; depth--) {
    const node = valueAt(root, path.slice(0, depth));
    if (node === null || typeof node !== 'object' || Array.isArray(node)) continue;
    for (const field of ROLE_FIELDS) {
      const role = (node as Record<string, unknown>)[field];
      if (typeof role === 'string' && role.trim() !== '') return role;
    }
  }
  return fallback;
}
