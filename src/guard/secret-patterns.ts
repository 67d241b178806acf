import { CREDENTIAL_PHRASE, looksLikePhraseSecret } from './credential-phrase.ts';

/**
 * High-recall secret patterns for chat text. A chat guard prefers redacting a harmless token to
 * letting a credential reach the model, the logs or the database.
 *
 * Each regex is global with indices (`dg`). When it has groups whose names start with `secret`,
 * only the group that matched is redacted and the context around it stays readable
 * (`password=`, `https://user:…@host`, `Authorization: Bearer …`); otherwise the whole match is.
 * Order is priority: when two matches overlap, the earlier pattern wins.
 */
export type SecretPattern = {
  kind: string;
  regex: RegExp;
  /** Extra check on a match, for patterns whose shape alone is too loose. */
  accept?: (match: RegExpExecArray) => boolean;
  /** A generic rule: it yields to secretlint's specific ones (`token hf_…` is a Hugging Face token). */
  generic?: boolean;
};

const AWS_KEY_ID = '(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}';
const AWS_SECRET = '[A-Za-z0-9+/]{40}';
/** How far apart an AWS key id and its secret may stand (characters) to be paired. */
const PAIR_WINDOW = 200;
const NOT_A_MARKER = String.raw`(?!["']?\[REDACTED:)`;
const PEM_BREAK = String.raw`(?:\s|\\[rn])`;
/** Line breaks inside a key, including a list marker or quote in front of each line ("- MIIB…", "> …"). */
const PEM_GAP = String.raw`(?:${PEM_BREAK}+(?:(?:[-*•>]|\d+[.)])[ \t]+)?)`;
const PEM_LABEL = `[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----`;

/** Placeholders and prose that follow `password:` in documentation rather than a real value. */
const NOT_A_VALUE = /^(?:n\/a|none|null|nil|tbd|todo|required|optional|redacted|changeme|\*+|x+|\.{3}|…)$/i;
const VARIABLE_REFERENCE = /^(?:\$\{?[A-Za-z_][A-Za-z0-9_]*\}?|<[^>]*>|\{\{[^}]*\}\}|%[A-Za-z_]+%)$/;

function assignedValue(match: RegExpExecArray): string {
  return match.groups?.secret ?? match.groups?.secretDq ?? match.groups?.secretSq ?? '';
}

/** After `:` an unquoted plain word is prose ("Password: rotated quarterly"), not a value. */
function looksLikeAssignedSecret(match: RegExpExecArray): boolean {
  const value = assignedValue(match);
  if (NOT_A_VALUE.test(value) || VARIABLE_REFERENCE.test(value)) return false;
  const quoted = match.groups?.secret === undefined;
  if (quoted || match.groups?.sep === '=') return true;
  const mixedCase = /[a-z]/.test(value) && /.[A-Z]/.test(value);
  return /[^A-Za-z]/.test(value) || mixedCase;
}

export const SECRET_PATTERNS: readonly SecretPattern[] = [
  {
    kind: 'private_key',
    // Any length, including blocks truncated in a chat paste or squashed onto one line with \n escapes.
    regex: new RegExp(
      `-----BEGIN${PEM_LABEL}` +
        String.raw`(?:${PEM_GAP}(?:[A-Za-z0-9+/=]{16,}|Proc-Type:[^\n\\]*|DEK-Info:[^\n\\]*))*` +
        `(?:(?:${PEM_GAP}[A-Za-z0-9+/=]{1,15})?${PEM_GAP}?-----END${PEM_LABEL})?`,
      'dg',
    ),
  },
  { kind: 'aws_access_key_id', regex: new RegExp(String.raw`\b${AWS_KEY_ID}\b`, 'dg') },
  {
    kind: 'aws_secret_access_key',
    // `aws_secret_access_key = …`, `AWS secret access key is …`, `the secret key: …`.
    regex:
      /\b(?:aws[_ -]?)?secret[_ -]?(?:access[_ -]?)?key["']?(?:\s*[:=]\s*|\s+(?:is\s+|=\s*)?)["']?(?<secret>[A-Za-z0-9/+=]{40})(?![A-Za-z0-9/+=])/dgi,
  },
  {
    kind: 'aws_secret_access_key',
    // trufflehog's pairing: a 40-character base64 token near an AWS key id is that key's secret.
    regex: new RegExp(
      `(?<![A-Za-z0-9+/])(?<secret>${AWS_SECRET})(?![A-Za-z0-9+/=])` +
        `(?:(?<=${AWS_KEY_ID}[\\s\\S]{1,${PAIR_WINDOW + 40}})|(?=[\\s\\S]{1,${PAIR_WINDOW}}${AWS_KEY_ID}))`,
      'dg',
    ),
    accept: (match) => !/^[0-9a-fA-F]+$/.test(match[0]),
  },
  {
    kind: 'azure_client_secret',
    // gitleaks' azure-ad-client-secret and trufflehog's Azure detector: `xxx8Q~` + 31–34 characters.
    regex: /(?<![\w~.-])[A-Za-z0-9_~.]{3}\dQ~[\w~.-]{31,34}(?![\w~-])/dg,
  },
  { kind: 'anthropic_api_key', regex: /\bsk-ant-[A-Za-z0-9_-]{16,}/dg },
  {
    kind: 'openai_api_key',
    regex: /\bsk-(?!ant-)(?:proj-|svcacct-|admin-)?(?=[A-Za-z0-9_-]*[0-9])[A-Za-z0-9_-]{20,}/dg,
  },
  { kind: 'slack_token', regex: /\bxox(?:[abposr]|e(?:\.xox[bp])?)-[A-Za-z0-9-]{8,}/dg },
  { kind: 'slack_app_token', regex: /\bxapp-[A-Za-z0-9-]{8,}/dg },
  {
    kind: 'slack_webhook',
    regex: /https:\/\/hooks\.slack(?:-gov)?\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/dg,
  },
  { kind: 'github_token', regex: /\bgh[pousr]_[A-Za-z0-9]{20,}/dg },
  { kind: 'github_token', regex: /\bgithub_pat_[A-Za-z0-9_]{20,}/dg },
  { kind: 'npm_token', regex: /\bnpm_[A-Za-z0-9]{30,}/dg },
  { kind: 'google_api_key', regex: /\bAIza[0-9A-Za-z_-]{30,}/dg },
  { kind: 'stripe_key', regex: /\b(?:sk|rk)_(?:live|test)_[0-9A-Za-z]{16,}/dg },
  { kind: 'jwt', regex: /\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/dg },
  {
    kind: 'url_password',
    regex: new RegExp(
      String.raw`\b[a-z][a-z0-9+.-]{0,30}://[^\s:/?#@]*:${NOT_A_MARKER}(?<secret>[^\s@/?#]+)@`,
      'dgi',
    ),
  },
  {
    kind: 'bearer_token',
    regex: new RegExp(
      String.raw`\b(?:[Bb]earer|Basic)\s+${NOT_A_MARKER}(?<secret>(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{12,}=*)`,
      'dg',
    ),
  },
  {
    kind: 'bearer_token',
    // A raw token straight after the header name, without a scheme.
    regex: new RegExp(
      String.raw`\bAuthorization["']?\s*:\s*${NOT_A_MARKER}(?!bearer|basic)(?<secret>(?=[A-Za-z0-9._~+/-]*[0-9])[A-Za-z0-9._~+/-]{16,}=*)`,
      'dgi',
    ),
  },
  {
    kind: 'credential_assignment',
    regex: new RegExp(
      // The key prefix is bounded: an unbounded lazy prefix is quadratic on long runs of `_` or `-`.
      '(?<![A-Za-z0-9])[A-Za-z0-9_.-]{0,60}?' +
        `(?:password|passwd|pwd|passphrase|secret|token|api[_-]?key|apikey|access[_-]?key|private[_-]?key|credentials?)` +
        String.raw`["']?[ \t]*(?<sep>[:=])[ \t]*${NOT_A_MARKER}` +
        String.raw`(?:"(?<secretDq>[^"\n]+)"|'(?<secretSq>[^'\n]+)'|(?<secret>\$\{[^}\s]*\}|[^\s"'\x60,;&<>()[\]{}]+))`,
      'dgi',
    ),
    accept: looksLikeAssignedSecret,
  },
  { kind: 'credential_phrase', regex: CREDENTIAL_PHRASE, accept: looksLikePhraseSecret, generic: true },
];
