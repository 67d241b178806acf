/** What a guard changed, where, and a short excerpt that never contains the secret itself. */
export type GuardFinding = { path: string; kind: string; excerpt: string };

/** Finding kinds are namespaced: `secret:<kind>`, `command:<kind>`, `draft:<kind>`, `role:<kind>`. */
export const FINDING_PREFIX = {
  secret: 'secret:',
  command: 'command:',
  draft: 'draft:',
  role: 'role:',
  link: 'link:',
} as const;

const NOUNS: readonly { prefix: string; singular: string; plural: string }[] = [
  {
    prefix: FINDING_PREFIX.command,
    singular: 'execution command removed',
    plural: 'execution commands removed',
  },
  { prefix: FINDING_PREFIX.secret, singular: 'secret redacted', plural: 'secrets redacted' },
  { prefix: FINDING_PREFIX.draft, singular: 'draft corrected', plural: 'drafts corrected' },
  { prefix: FINDING_PREFIX.role, singular: 'missing role filled', plural: 'missing roles filled' },
  {
    prefix: FINDING_PREFIX.link,
    singular: 'link to a host not on the allow-list shown as plain text',
    plural: 'links to hosts not on the allow-list shown as plain text',
  },
];

const MAX_PATHS = 2;

function listPaths(paths: readonly string[]): string {
  const unique = [...new Set(paths)].filter(Boolean);
  if (unique.length === 0) return '';
  const shown = unique.slice(0, MAX_PATHS).join(', ');
  return ` (${shown}${unique.length > MAX_PATHS ? ' …' : ''})`;
}

/** "2 execution commands removed (gating.rules[1].criteria[0], …), 1 secret redacted (timeline…)". */
export function describeFindings(findings: readonly GuardFinding[]): string {
  const parts: string[] = [];
  for (const noun of NOUNS) {
    const group = findings.filter((f) => f.kind.startsWith(noun.prefix));
    if (group.length === 0) continue;
    const label = group.length === 1 ? noun.singular : noun.plural;
    parts.push(`${group.length} ${label}${listPaths(group.map((f) => f.path))}`);
  }
  const other = findings.filter((f) => !NOUNS.some((n) => f.kind.startsWith(n.prefix)));
  if (other.length > 0) parts.push(`${other.length} other change${other.length === 1 ? '' : 's'}`);
  return parts.join(', ');
}
