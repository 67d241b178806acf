import { enforceDrafts } from '../guard/drafts.ts';
import { describeFindings, type GuardFinding } from '../guard/findings.ts';
import { guardLinksIn } from '../guard/links.ts';
import { fillRoles, nearestRole } from '../guard/roles.ts';
import { guardValueThorough } from '../guard/section.ts';
import { contentHash } from './hash.ts';
import { parseSection, type Section } from './schema.ts';

/** A section as it may be stored and posted: guarded, with what was removed and its content hash. */
export interface GuardedSection {
  section: Section;
  findings: GuardFinding[];
  /** Shown on the section message: what was removed or corrected, never silently. */
  notes: string[];
  /** What approvals of this content are tied to. */
  hash: string;
}

/**
 * Everything a model wrote passes here before it is stored or posted: blank roles filled, drafts
 * kept drafts, secrets redacted, execution commands removed, and links to hosts not on the
 * allow-list made plain text. The result still fits its schema.
 */
export async function guardSection(
  raw: Section,
  defaultRole: string,
  allowedHosts: readonly string[] = [],
): Promise<GuardedSection> {
  const root = raw.key;
  const findings: GuardFinding[] = [];
  const roles = fillRoles(raw.value, defaultRole, { root });
  findings.push(...roles.findings);
  let value: unknown = roles.value;
  if (raw.key === 'writeback') {
    const drafts = enforceDrafts(roles.value as Extract<Section, { key: 'writeback' }>['value']);
    findings.push(...drafts.findings);
    value = drafts.value;
  }
  // Our high-recall patterns plus secretlint's maintained rules (async).
  const guarded = await guardValueThorough(value, (path) => nearestRole(value, path, defaultRole), { root });
  findings.push(...guarded.findings);
  // Slack links bare URLs by itself: only allowed hosts stay links.
  const linked = guardLinksIn(guarded.value, allowedHosts, root);
  findings.push(...linked.findings);
  const section = parseSection(raw.key, linked.value);
  return {
    section,
    findings,
    notes: findings.length > 0 ? [describeFindings(findings)] : [],
    hash: contentHash(section.value),
  };
}
