/**
 * Passwords and secrets written as prose: "the db password is hunter2-Xy9", "passwd s3cr3t!",
 * "client secret Ab3…". gitleaks' generic rule needs an operator (`=`, `:`) between keyword and
 * value; people in chat don't write one. Here the keyword is followed either by the value itself
 * or by a few words ending in a copula ("for payments-db is"), and only the first word after that
 * is judged, so "the password is rotated quarterly" stays prose.
 */

const KEYWORD = `(?:pass(?:word|wd|phrase)|pwd|secret|api[ _-]?key|apikey|access[ _-]?key|token)`;
const COPULA = String.raw`(?:is|was|are|were|equals|becomes|reads|now|remains|stays|will\s+be|set\s+to|changed\s+to)`;
/** "for payments-db", "of the admin account": up to four words before the copula. */
const FILLER = String.raw`(?:[ \t]+[A-Za-z0-9_.-]+){0,4}?`;
const ARROW = `(?:[:=]|->|=>|→|–|—|-)`;
/** As in `credential_assignment`, so that where both match this one takes no more than it. */
const VALUE_CHAR = String.raw`[^\s"'\x60,;&<>()[\]{}]`;
const NOT_A_MARKER = String.raw`(?!\[REDACTED:)`;

export const CREDENTIAL_PHRASE = new RegExp(
  `(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,30}?${KEYWORD}s?(?![A-Za-z0-9_])` +
    String.raw`(?:${FILLER}[ \t]+${COPULA}\b)?[ \t]*${ARROW}?[ \t]*(?<=[\s:=>→–—-])${NOT_A_MARKER}` +
    // The value ends on a character that cannot close a sentence: "is hunter2x." keeps its full stop.
    `(?<secret>${VALUE_CHAR}{5,}(?<![.!?:]))`,
  'dgi',
);

const PLACEHOLDER =
  /^(?:n\/a|none|null|nil|tbd|todo|required|optional|redacted|changeme|\*+|x+|\.{3}|…)$|^\$\{?\w+\}?$|^%\w+%$/i;
/** What follows "password" in plans without being one: tickets, versions, dates, paths, URLs. */
const NOT_A_SECRET: readonly RegExp[] = [
  /^[A-Z][A-Z0-9]+-\d+$/, // REL-4521
  /^v?\d+(?:\.\d+)+[a-z]*$/i, // v2.4.0
  /^[a-z]+(?:[-_.][a-z]+)*$/, // payments-db-credentials, rotated
  /^[A-Z][a-z]+$|^[A-Z]+$/, // Rotated, SSO
  /^(?:\/|\.\/|~\/)|:\/\//, // paths and URLs
  /^[a-z0-9_.-]+(?:\/[a-z0-9_.-]+)+\/?$/, // projects/payments/secrets/db-password
  /^[a-z]+-\d+$/i, // day-7, week-2
];

function isMixedCase(value: string): boolean {
  return /[a-z]/.test(value) && /.[A-Z]/.test(value);
}

/** A value is a secret when it has a letter and a digit, a symbol or mixed case, and is no known non-secret. */
export function looksLikePhraseSecret(match: RegExpExecArray): boolean {
  const value = match.groups?.secret ?? '';
  if (PLACEHOLDER.test(value) || NOT_A_SECRET.some((re) => re.test(value))) return false;
  if (!/[A-Za-z]/.test(value)) return false;
  return /[0-9]/.test(value) || /[^A-Za-z0-9]/.test(value) || isMixedCase(value);
}
