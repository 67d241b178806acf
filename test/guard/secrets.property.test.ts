import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { removeExecutionCommands } from '../../src/guard/commands.ts';
import { redactInput } from '../../src/guard/input.ts';
import { SECRET_PATTERNS } from '../../src/guard/secret-patterns.ts';
import { redactSecretsThorough } from '../../src/guard/secretlint.ts';
import { findSecretSpans, redactSecrets } from '../../src/guard/secrets.ts';
import { guardValue } from '../../src/guard/section.ts';

/** Well-formed secrets of every named kind, generated from their published shapes. */
const SECRET_SHAPES: readonly RegExp[] = [
  /^AKIA[A-Z0-9]{16}$/,
  /^ASIA[A-Z0-9]{16}$/,
  /^sk-[A-Za-z0-9]{20}[0-9][A-Za-z0-9]{27}$/,
  /^sk-proj-[A-Za-z0-9_-]{40}[0-9][A-Za-z0-9]{10}$/,
  /^sk-ant-api03-[A-Za-z0-9_-]{80}$/,
  /^xox[abpors]-[0-9]{10,13}-[0-9]{10,13}-[A-Za-z0-9]{24}$/,
  /^xapp-1-[A-Z0-9]{11}-[0-9]{13}-[a-f0-9]{64}$/,
  /^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{8}\/B[A-Z0-9]{8}\/[A-Za-z0-9]{24}$/,
  /^gh[pousr]_[A-Za-z0-9]{34,36}$/,
  /^github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}$/,
  /^npm_[A-Za-z0-9]{36}$/,
  /^AIza[0-9A-Za-z_-]{35}$/,
  /^[sr]k_live_[0-9A-Za-z]{24,99}$/,
  /^eyJ[A-Za-z0-9_-]{10,40}\.eyJ[A-Za-z0-9_-]{10,60}\.[A-Za-z0-9_-]{20,43}$/,
];

const secret = fc.oneof(...SECRET_SHAPES.map((shape) => fc.stringMatching(shape)));
const pemSecret = fc
  .tuple(
    fc.constantFrom('RSA PRIVATE KEY', 'PRIVATE KEY', 'EC PRIVATE KEY', 'OPENSSH PRIVATE KEY'),
    fc.base64String({ minLength: 4, maxLength: 300 }),
    fc.boolean(),
  )
  .map(
    ([label, body, closed]) => `-----BEGIN ${label}-----\n${body}${closed ? `\n-----END ${label}-----` : ''}`,
  );
const contextual = fc.oneof(
  fc.stringMatching(/^[a-z]{3,10}$/).map((pw) => `postgres://app:${pw}9@db.internal:5432/x`),
  fc.stringMatching(/^[A-Za-z0-9]{6,20}$/).map((v) => `password=${v}`),
  fc.stringMatching(/^[A-Za-z0-9_-]{8,30}$/).map((v) => `token="${v}"`),
  fc.stringMatching(/^[A-Za-z0-9]{20,40}$/).map((v) => `Authorization: Bearer ${v}7`),
);

const WORDS = [
  'release',
  'canary',
  'staging',
  'production',
  'gate',
  'rollback',
  'owner',
  'SRE',
  'lead',
  'Jira',
  'Confluence',
  'Terraform',
  'Helm',
  'kubectl',
  'AWS',
  'console',
  'evidence',
  'migration',
  'SQL',
  'approval',
  'week',
  'the',
  'is',
  'by',
  'for',
  'with',
  'error',
  'budget',
  'dashboard',
  'pilot',
  'hardening',
  'expansion',
  '2',
  '30',
  '0.5%',
  'REL-4521',
  '✅',
  '🚀',
  'שלום',
  '部署',
  '*bold*',
  '_italic_',
  '—',
  '(draft)',
  'e.g.',
  'v2.4.0',
];
const safeText = fc
  .array(fc.tuple(fc.constantFrom(...WORDS), fc.constantFrom(' ', ' ', ', ', '. ', '\n', ' - ')), {
    maxLength: 40,
  })
  .map((parts) => parts.map(([w, sep]) => w + sep).join(''));

function accepted(pattern: (typeof SECRET_PATTERNS)[number], text: string): string[] {
  return [...text.matchAll(pattern.regex)].filter((m) => pattern.accept?.(m) ?? true).map((m) => m[0]);
}

describe('property: redaction', () => {
  it('removes every embedded secret, leaves no pattern matching, and is idempotent', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(safeText, fc.oneof(secret, pemSecret, contextual)), { minLength: 1, maxLength: 4 }),
        safeText,
        (pieces, tail) => {
          const input = `${pieces.map(([text, s]) => `${text} ${s} `).join('')}${tail}`;
          const { text, findings } = redactSecrets(input);
          // Not one finding per piece: an unterminated PEM block may swallow the next token too.
          expect(findings.length).toBeGreaterThanOrEqual(1);
          for (const pattern of SECRET_PATTERNS) expect(accepted(pattern, text)).toEqual([]);
          expect(findSecretSpans(text)).toEqual([]);
          expect(redactSecrets(text).text).toBe(text);
          for (const [, s] of pieces) {
            if (!s.includes('://') && !s.includes('=') && !s.includes(': ')) expect(text).not.toContain(s);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('the secretlint-backed variant is idempotent too and finds at least what ours finds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(safeText, fc.oneof(secret, pemSecret, contextual)), { maxLength: 3 }),
        async (pieces) => {
          const input = pieces.map(([text, s]) => `${text} ${s}`).join(' ');
          const thorough = await redactSecretsThorough(input);
          expect(thorough.findings.length).toBeGreaterThanOrEqual(redactSecrets(input).findings.length);
          expect(await redactSecretsThorough(thorough.text)).toEqual({ text: thorough.text, findings: [] });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('never changes text built from ordinary release-plan words', () => {
    fc.assert(
      fc.property(safeText, (text) => {
        expect(redactSecrets(text)).toEqual({ text, findings: [] });
        expect(removeExecutionCommands(text, 'SRE lead')).toEqual({ text, removals: [] });
      }),
      { numRuns: 300 },
    );
  });
});

describe('property: nothing crashes', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 400 }),
    fc.string({ unit: 'grapheme', maxLength: 200 }),
    fc
      .array(
        fc.constantFrom(
          '`',
          '```',
          '~~~',
          '$ ',
          '#!',
          '\n',
          'kubectl ',
          'DROP TABLE ',
          '-----BEGIN PRIVATE KEY-----',
          'sk-',
          'password=',
          '://a:b@',
          '[REDACTED:',
          ']',
          ' | sh',
          'run the following:',
        ),
        { maxLength: 30 },
      )
      .map((p) => p.join('')),
  );

  it('redactSecrets, removeExecutionCommands, redactInput and guardValue accept any text', () => {
    fc.assert(
      fc.property(anyText, fc.integer({ min: 0, max: 500 }), (text, maxChars) => {
        const redacted = redactSecrets(text);
        expect(redactSecrets(redacted.text).text).toBe(redacted.text);
        const cleaned = removeExecutionCommands(text, 'Release manager');
        expect(typeof cleaned.text).toBe('string');
        for (const r of cleaned.removals) expect(r.excerpt.length).toBeLessThanOrEqual(80);
        const input = redactInput(text, { maxChars });
        expect(input.text.length).toBeLessThanOrEqual(maxChars);
        expect(/[\uD800-\uDBFF]$/.test(input.text)).toBe(false);
        const guarded = guardValue({ a: [text, { b: text }] }, () => 'SRE lead');
        expect(Object.keys(guarded.value)).toEqual(['a']);
      }),
      { numRuns: 3000 },
    );
  });
});
