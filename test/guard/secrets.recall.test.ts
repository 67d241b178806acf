import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redactInput } from '../../src/guard/input.ts';
import { redactSecrets } from '../../src/guard/secrets.ts';
import { guardValue } from '../../src/guard/section.ts';
import { FAKE } from './fixtures.ts';
import {
  AWS_SECRET_PHRASINGS,
  awsKeyId,
  awsSecret,
  azureSecret,
  hex32,
  PASSWORD_PHRASINGS,
  password,
} from './secret-shapes.ts';

const prose = fc.constantFrom('', 'FYI ', 'Heads up: ', 'For the canary, ', '> ', '1. ');
const after = fc.constantFrom('', '.', ' — rotate it after the release', ' (staging only)', '\nthanks');
const RUNS = 1000;

/** Both ways a text reaches the guard: typed by a person (input) and written by a model (output). */
function redactedBothWays(text: string, secret: string): boolean {
  const output = guardValue({ note: text }, () => 'SRE lead').value.note;
  return !redactInput(text, { maxChars: 10_000 }).text.includes(secret) && !output.includes(secret);
}

describe('recall on generated keys (property, 100% required)', () => {
  it('bare random 40-character base64 keys', () => {
    fc.assert(
      fc.property(prose, awsSecret, after, (before, key, end) => {
        expect(redactedBothWays(`${before}found ${key} in a screenshot${end}`, key)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('bare random 32-hex keys, lower or upper case', () => {
    fc.assert(
      fc.property(prose, hex32, after, (before, key, end) => {
        expect(redactedBothWays(`${before}signing secret value ${key}${end}`, key)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('Azure AD client secrets, kind azure_client_secret', () => {
    fc.assert(
      fc.property(prose, azureSecret, after, (before, key, end) => {
        const text = `${before}app registration secret ${key}${end}`;
        expect(redactedBothWays(text, key)).toBe(true);
        expect(redactSecrets(text).findings.map((f) => f.kind)).toContain('azure_client_secret');
      }),
      { numRuns: RUNS },
    );
  });

  it('passwords and secrets after their keyword, without = or :', () => {
    fc.assert(
      fc.property(prose, fc.constantFrom(...PASSWORD_PHRASINGS), password, (before, phrase, pw) => {
        expect(redactedBothWays(`${before}${phrase(pw)}`, pw)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });

  it('aws_secret_access_key followed by its value, kind aws_secret_access_key', () => {
    fc.assert(
      fc.property(fc.constantFrom(...AWS_SECRET_PHRASINGS), awsSecret, (phrase, key) => {
        const text = phrase(key);
        expect(redactedBothWays(text, key)).toBe(true);
        expect(redactSecrets(text).text).toContain('[REDACTED:aws_secret_access_key]');
      }),
      { numRuns: RUNS },
    );
  });

  it('the secret half of an AWS key pair standing next to its key id', () => {
    const between = fc.constantFrom(' ', ' / ', '\n', ', secret ', ' and ', '\t', ' : ');
    fc.assert(
      fc.property(awsKeyId, between, awsSecret, fc.boolean(), (id, sep, key, idFirst) => {
        const text = idFirst ? `creds ${id}${sep}${key}` : `creds ${key}${sep}${id}`;
        const { text: out } = redactSecrets(text);
        expect(out).not.toContain(key);
        expect(out).not.toContain(id);
        expect(out).toContain('[REDACTED:aws_secret_access_key]');
      }),
      { numRuns: RUNS },
    );
  });
});

describe('PEM private keys split across lines or list items', () => {
  const lines = FAKE.pemBody.match(/.{1,40}/g) ?? [];
  const cases: [string, string][] = [
    [
      'dash list',
      [
        '- -----BEGIN RSA PRIVATE KEY-----',
        ...lines.map((l) => `- ${l}`),
        '- -----END RSA PRIVATE KEY-----',
      ].join('\n'),
    ],
    [
      'numbered list',
      ['1. -----BEGIN PRIVATE KEY-----', ...lines.map((l, i) => `${i + 2}. ${l}`)].join('\n'),
    ],
    [
      'quoted',
      [
        '> -----BEGIN EC PRIVATE KEY-----',
        ...lines.map((l) => `> ${l}`),
        '> -----END EC PRIVATE KEY-----',
      ].join('\n'),
    ],
    [
      'bullets with blank lines',
      ['• -----BEGIN OPENSSH PRIVATE KEY-----', '', ...lines.map((l) => `• ${l}\n`)].join('\n'),
    ],
  ];
  it.each(cases)('%s', (_name, text) => {
    const out = redactSecrets(text).text;
    for (const line of lines) expect(out).not.toContain(line);
    expect(out).toContain('[REDACTED:private_key]');
    expect(redactSecrets(out).findings).toEqual([]);
  });

  it('a model that puts the key in separate list items of a section', () => {
    const items = [
      'Owner holds the key:',
      '-----BEGIN RSA PRIVATE KEY-----',
      ...lines,
      '-----END RSA PRIVATE KEY-----',
      'Rotate after week 1.',
    ];
    const { value } = guardValue({ criteria: items }, () => 'SRE lead');
    const joined = value.criteria.join('\n');
    for (const line of lines) expect(joined).not.toContain(line);
    expect(value.criteria[0]).toBe('Owner holds the key:');
    expect(value.criteria.at(-1)).toBe('Rotate after week 1.');
  });
});

describe('ordinary release-plan prose stays as written', () => {
  const benign = [
    'Password reset flow ships in week 2 behind a flag.',
    'Secret rotation is owned by the Security lead; passwords are kept in 1Password.',
    'The password policy v2.4.0 applies; REL-4521 tracks the rollout.',
    'Token bucket limit is 30 requests per second for the payments-api.',
    'API key rotation is tracked in REL-4522 and happens before day-7 review.',
    'The secret sauce is canary analysis with a 0.5% error budget.',
    'Passwordless login (passkeys) pilot in week 1, expansion in week 3.',
    'Secrets are stored in Vault under payments/prod and never pasted here.',
    'Password is required for the admin console; the SSO team owns it.',
    'commit 3f9a0c2b7d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a is the release candidate',
    'Deploy payments-service-v2-canary-rollout-2024 from release/2024-11-payments-service-v2-canary-rollout',
    'ReleaseReadinessScorecard2024Builder and PaymentsServiceCanaryRolloutEuWest',
    'Dashboards: https://grafana.example.com/d/payments-slo/payments-overview?orgId=1&from=now-7d',
    'Jira: https://acme.atlassian.net/browse/REL-4521?filter=10042&jql=project%3DREL',
    'Trace id 4bf92f3577b34da6 and span 00f067aa0ba902b7 in the incident note.',
    'The secret manager path is projects/payments/secrets/db-password/versions/latest',
    'Token count: 16000 per request; max_tokens 4096.',
    'Tokens are issued by the identity provider (Okta) with a 15 minute lifetime.',
    'Keep the access key rotation runbook in Confluence.',
    'Password: rotated quarterly by the Security lead.',
  ];
  it.each(benign)('%s', (text) => {
    expect(redactSecrets(text)).toEqual({ text, findings: [] });
  });
});
