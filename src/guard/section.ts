import { removeExecutionCommands } from './commands.ts';
import { FINDING_PREFIX, type GuardFinding } from './findings.ts';
import { redactionMarker } from './markers.ts';
import { pemContinuations } from './pem-items.ts';
import { redactEachThorough } from './secretlint.ts';
import { type Redaction, redactSecrets } from './secrets.ts';
import { collectStrings, formatPath, type JsonPath, mapStrings } from './walk.ts';

export { describeFindings, type GuardFinding } from './findings.ts';

export type GuardResult<T> = { value: T; findings: GuardFinding[] };
export type GuardOptions = {
  /** Prefix for finding paths, e.g. the section key: 'gating' → 'gating.rules[1].criteria[0]'. */
  root?: string;
  /** The secret redactor; defaults to the synchronous `redactSecrets`. */
  redact?: (text: string, path: JsonPath) => Redaction;
};

const pathKey = (path: JsonPath) => path.join('\u0000');

/** A list item that continues a private key opened in an earlier item. */
function wholeKeyPart(): Redaction {
  return { text: redactionMarker('private_key'), findings: [{ kind: 'private_key', index: 0 }] };
}

/**
 * Applies both output rules to every string of a section value: secrets are redacted, then
 * execution commands are removed with a note naming the role from `ownerRole(path)`.
 * The shape of the value is unchanged, so it still satisfies its section schema.
 */
export function guardValue<T>(
  value: T,
  ownerRole: (path: string[]) => string,
  options: GuardOptions = {},
): GuardResult<T> {
  const redact = options.redact ?? redactSecrets;
  const findings: GuardFinding[] = [];
  const keyParts = new Set(pemContinuations(collectStrings(value)).map(pathKey));
  const guarded = mapStrings(value, (text, path) => {
    const where = formatPath(path, options.root);
    const redaction = keyParts.has(pathKey(path)) ? wholeKeyPart() : redact(text, path);
    for (const f of redaction.findings) {
      findings.push({
        path: where,
        kind: `${FINDING_PREFIX.secret}${f.kind}`,
        excerpt: `[REDACTED:${f.kind}]`,
      });
    }
    const cleaned = removeExecutionCommands(redaction.text, ownerRole([...path]));
    for (const r of cleaned.removals) {
      findings.push({ path: where, kind: `${FINDING_PREFIX.command}${r.kind}`, excerpt: r.excerpt });
    }
    return cleaned.text;
  });
  return { value: guarded, findings };
}

/** `guardValue` with secretlint's rules added to ours (async: secretlint is). */
export async function guardValueThorough<T>(
  value: T,
  ownerRole: (path: string[]) => string,
  options: Omit<GuardOptions, 'redact'> = {},
): Promise<GuardResult<T>> {
  const strings = collectStrings(value);
  const redacted = await redactEachThorough(strings.map((s) => s.text));
  const redactions = new Map<string, Redaction>();
  strings.forEach(({ path }, i) => {
    const redaction = redacted[i];
    if (redaction) redactions.set(pathKey(path), redaction);
  });
  return guardValue(value, ownerRole, {
    ...options,
    redact: (text, path) => redactions.get(pathKey(path)) ?? redactSecrets(text),
  });
}

/**
 * True when the no-commands rule was broken throughout, so regenerating the section once is better
 * than showing a section made of removal notes: more than half of its prose strings (those with at
 * least two words; enum values and ids cannot carry commands) had a command removed.
 */
export function isMostlyUnsafe(findings: readonly GuardFinding[], value: unknown): boolean {
  const touched = new Set(
    findings.filter((f) => f.kind.startsWith(FINDING_PREFIX.command)).map((f) => f.path),
  );
  if (touched.size === 0) return false;
  const prose = collectStrings(value).filter(({ text }) => /\S\s+\S/.test(text)).length;
  return touched.size > Math.max(prose, 1) / 2;
}
