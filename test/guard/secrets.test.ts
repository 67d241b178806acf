import { describe, expect, it } from 'vitest';
import { isRandomToken, shannonEntropy } from '../../src/guard/entropy.ts';
import { redactSecrets } from '../../src/guard/secrets.ts';
import { FAKE, pem } from './fixtures.ts';

describe('redactSecrets: each kind, in context', () => {
  const cases: { name: string; input: string; kind: string; secret: string; kept?: string[] }[] = [
    {
      name: 'bare AWS key id',
      input: `key id ${FAKE.awsAccessKeyId} leaked`,
      kind: 'aws_access_key_id',
      secret: FAKE.awsAccessKeyId,
    },
    {
      name: 'AWS session key id',
      input: `ASIA id: ${FAKE.awsSessionKeyId}`,
      kind: 'aws_access_key_id',
      secret: FAKE.awsSessionKeyId,
    },
    {
      name: 'AWS secret in credentials file',
      input: `[default]\naws_secret_access_key = ${FAKE.awsSecretKey}`,
      kind: 'aws_secret_access_key',
      secret: FAKE.awsSecretKey,
      kept: ['aws_secret_access_key = '],
    },
    {
      name: 'AWS secret in env',
      input: `AWS_SECRET_ACCESS_KEY="${FAKE.awsSecretKey}"`,
      kind: 'aws_secret_access_key',
      secret: FAKE.awsSecretKey,
    },
    {
      name: 'OpenAI legacy key',
      input: `OPENAI key ${FAKE.openaiLegacy}`,
      kind: 'openai_api_key',
      secret: FAKE.openaiLegacy,
    },
    {
      name: 'OpenAI project key',
      input: `use ${FAKE.openaiProject} for CI`,
      kind: 'openai_api_key',
      secret: FAKE.openaiProject,
    },
    {
      name: 'Anthropic key',
      input: `anthropic: ${FAKE.anthropic}`,
      kind: 'anthropic_api_key',
      secret: FAKE.anthropic,
    },
    {
      name: 'Slack bot token',
      input: `bot token is ${FAKE.slackBot}.`,
      kind: 'slack_token',
      secret: FAKE.slackBot,
    },
    { name: 'Slack user token', input: FAKE.slackUser, kind: 'slack_token', secret: FAKE.slackUser },
    {
      name: 'Slack app token',
      input: `socket mode: ${FAKE.slackApp}`,
      kind: 'slack_app_token',
      secret: FAKE.slackApp,
    },
    {
      name: 'Slack webhook',
      input: `post to <${FAKE.slackWebhook}>`,
      kind: 'slack_webhook',
      secret: FAKE.slackWebhook,
    },
    {
      name: 'GitHub classic token',
      input: `GH ${FAKE.githubClassic}`,
      kind: 'github_token',
      secret: FAKE.githubClassic,
    },
    {
      name: 'GitHub 38-char token',
      input: `token ${FAKE.githubShort38} ok`,
      kind: 'github_token',
      secret: FAKE.githubShort38,
    },
    { name: 'GitHub OAuth token', input: FAKE.githubOauth, kind: 'github_token', secret: FAKE.githubOauth },
    {
      name: 'GitHub server token',
      input: FAKE.githubServer,
      kind: 'github_token',
      secret: FAKE.githubServer,
    },
    {
      name: 'GitHub fine-grained PAT',
      input: `pat ${FAKE.githubFineGrained}`,
      kind: 'github_token',
      secret: FAKE.githubFineGrained,
    },
    {
      name: 'npm token',
      input: `//registry.npmjs.org/:_authToken=${FAKE.npm}`,
      kind: 'npm_token',
      secret: FAKE.npm,
    },
    { name: 'Google API key', input: `maps key ${FAKE.google}`, kind: 'google_api_key', secret: FAKE.google },
    {
      name: 'Stripe live key',
      input: `stripe ${FAKE.stripeLive}`,
      kind: 'stripe_key',
      secret: FAKE.stripeLive,
    },
    {
      name: 'Stripe restricted key',
      input: `${FAKE.stripeRestricted}`,
      kind: 'stripe_key',
      secret: FAKE.stripeRestricted,
    },
    { name: 'JWT', input: `session ${FAKE.jwt} expired`, kind: 'jwt', secret: FAKE.jwt },
    {
      name: 'PEM private key',
      input: `key:\n${pem('RSA PRIVATE KEY', FAKE.pemBody)}\nrotate it`,
      kind: 'private_key',
      secret: FAKE.pemBody.slice(0, 40),
      kept: ['key:\n', '\nrotate it'],
    },
    {
      name: 'short PEM block',
      input: pem('PRIVATE KEY', FAKE.pemBody.slice(0, 20)),
      kind: 'private_key',
      secret: FAKE.pemBody.slice(0, 20),
    },
    {
      name: 'truncated PEM block followed by prose',
      input: `${pem('OPENSSH PRIVATE KEY', FAKE.pemBody, false)}\n…(truncated) please rotate.`,
      kind: 'private_key',
      secret: FAKE.pemBody.slice(0, 30),
      kept: ['please rotate.'],
    },
    {
      name: 'PEM squashed into a JSON string',
      input: `"private_key": "-----BEGIN PRIVATE KEY-----\\n${FAKE.pemBody}\\n-----END PRIVATE KEY-----\\n"`,
      kind: 'private_key',
      secret: FAKE.pemBody.slice(0, 30),
    },
    {
      name: 'password in URL',
      input: 'DATABASE_URL=postgres://app_user:S3cr3t-Passw0rd@db.internal:5432/payments',
      kind: 'url_password',
      secret: 'S3cr3t-Passw0rd',
      kept: ['postgres://app_user:', '@db.internal:5432/payments'],
    },
    {
      name: 'password in redis URL with empty user',
      input: 'cache at redis://:hunter2hunter2@cache:6379',
      kind: 'url_password',
      secret: 'hunter2hunter2',
      kept: ['redis://:', '@cache:6379'],
    },
    {
      name: 'password= assignment',
      input: 'password=hunter2',
      kind: 'credential_assignment',
      secret: 'hunter2',
      kept: ['password='],
    },
    {
      name: 'secret: assignment',
      input: 'client_secret: "abc.DEF-123"',
      kind: 'credential_assignment',
      secret: 'abc.DEF-123',
      kept: ['client_secret: "', '"'],
    },
    {
      name: 'token= in a query string',
      input: 'https://ci.example.com/hook?token=tok3n&x=1',
      kind: 'credential_assignment',
      secret: 'tok3n',
      kept: ['&x=1'],
    },
    {
      name: 'api_key: assignment',
      input: 'api_key: Zq9-77',
      kind: 'credential_assignment',
      secret: 'Zq9-77',
    },
    {
      name: 'env-style secret',
      input: 'SLACK_SIGNING_SECRET=0f1e2d3c',
      kind: 'credential_assignment',
      secret: '0f1e2d3c',
    },
    {
      name: 'Authorization: Bearer',
      input: 'Authorization: Bearer abcdef0123456789abcdef',
      kind: 'bearer_token',
      secret: 'abcdef0123456789abcdef',
      kept: ['Authorization: Bearer '],
    },
    {
      name: 'raw Authorization header',
      input: 'authorization: 0a1b2c3d4e5f6a7b8c9d',
      kind: 'bearer_token',
      secret: '0a1b2c3d4e5f6a7b8c9d',
    },
    {
      name: 'high-entropy token',
      input: `the value ${FAKE.highEntropy} was in the log`,
      kind: 'high_entropy',
      secret: FAKE.highEntropy,
    },
    {
      name: 'bare AWS secret key (entropy)',
      input: `found ${FAKE.awsSecretKey} in a screenshot`,
      kind: 'high_entropy',
      secret: FAKE.awsSecretKey,
    },
    {
      name: '32-hex signing secret (entropy)',
      input: `value ${FAKE.hexSigningSecret}`,
      kind: 'high_entropy',
      secret: FAKE.hexSigningSecret,
    },
  ];

  it.each(cases)('$name', ({ input, kind, secret, kept }) => {
    const { text, findings } = redactSecrets(input);
    expect(text).not.toContain(secret);
    expect(text).toContain(`[REDACTED:${kind}]`);
    expect(findings.map((f) => f.kind)).toContain(kind);
    for (const part of kept ?? []) expect(text).toContain(part);
  });

  it('reports where each secret started in the input', () => {
    const input = `a ${FAKE.awsAccessKeyId} b ${FAKE.githubClassic}`;
    expect(redactSecrets(input).findings).toEqual([
      { kind: 'aws_access_key_id', index: 2 },
      { kind: 'github_token', index: input.indexOf(FAKE.githubClassic) },
    ]);
  });

  it('prefers the specific kind when a generic pattern overlaps', () => {
    expect(redactSecrets(`SLACK_BOT_TOKEN=${FAKE.slackBot}`).text).toBe(
      'SLACK_BOT_TOKEN=[REDACTED:slack_token]',
    );
    expect(redactSecrets(`Authorization: Bearer ${FAKE.jwt}`).text).toBe(
      'Authorization: Bearer [REDACTED:jwt]',
    );
  });
});

describe('redactSecrets: what is not a secret', () => {
  const benign = [
    '',
    'Staging gate passes when the payments-api canary error rate stays below 0.5% for 30 minutes.',
    'Password: rotated quarterly by the Security lead; secret: none stored by the bot.',
    'token: the idempotency key is derived from the plan id',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a literal variable reference is the input under test
    'password: ${DB_PASSWORD} is injected by the platform, api_key: <your-key>, token=*****',
    'max_tokens: 16000 and MODEL_MAX_OUTPUT_TOKENS=16000',
    'secret_name: payments-db-credentials is managed in Vault',
    'Deploy commit 3f9a0c2b7d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a (git SHA) to canary',
    'Image digest sha256:9b2c4e6f8a0b1c3d5e7f9a1b3c5d7e9f0a2b4c6d8e0f1a3b5c7d9e1f3a5b7c9d',
    'Run id 123e4567-e89b-12d3-a456-426614174000 recorded in the audit note',
    'Slack channel C0123ABCDEF, user U04ABCDE123, thread https://acme.slack.com/archives/C0123ABCD/p1700000000123456',
    'Confluence: https://acme.atlassian.net/wiki/spaces/REL/pages/123456789/Release+Plan+Q4+Payments+Service',
    'Jira: https://acme.atlassian.net/browse/REL-4521?filter=10042&jql=project%3DREL',
    'Config lives at /srv/releases/2024-11-05/payments-api/config.production.yaml',
    'Branch release/2024-11-payments-service-v2-canary-rollout and ReleaseReadinessScorecard2024Builder',
    'k8sClusterEuWest1Production and PRODUCTIONDEPLOYMENTFREEZEWINDOW are named in the runbook',
    'bearer tokens are rotated by the identity team; Basic authentication is disabled',
    'Authorization: change advisory board sign-off required',
    'The risk-assessment-for-the-production-cluster doc covers rollback.',
    'ghp_ tokens and sk- keys are never pasted here (policy reminder).',
  ];

  it.each(benign)('leaves alone: %s', (text) => {
    expect(redactSecrets(text)).toEqual({ text, findings: [] });
  });

  it('keeps unicode, emoji, RTL text and mrkdwn around a redacted secret', () => {
    const input = `*Rollout* 🚀 _canary_ — שלום עולם — 部署 ${FAKE.awsAccessKeyId} <@U123ABC> ~done~ 👩🏽‍💻`;
    const { text } = redactSecrets(input);
    expect(text).toBe(input.replace(FAKE.awsAccessKeyId, '[REDACTED:aws_access_key_id]'));
  });
});

describe('redactSecrets: idempotence', () => {
  const inputs = [
    `password=hunter2 and postgres://u:p4ss@db/x and ${FAKE.slackBot}`,
    `Authorization: Bearer abcdef0123456789abcdef ${FAKE.highEntropy}`,
    `"api_key": "${FAKE.openaiProject}", secret: 'abc-123'`,
    pem('EC PRIVATE KEY', FAKE.pemBody),
  ];
  it.each(inputs)('redacting twice equals redacting once: %#', (input) => {
    const once = redactSecrets(input).text;
    expect(once).not.toBe(input);
    expect(redactSecrets(once)).toEqual({ text: once, findings: [] });
  });

  it('leaves already-redacted markers untouched', () => {
    const text = 'password=[REDACTED:credential_assignment] token: "[REDACTED:slack_token]"';
    expect(redactSecrets(text)).toEqual({ text, findings: [] });
  });
});

describe('entropy check', () => {
  it.each([
    ['random base64', FAKE.highEntropy, true],
    ['random hex 32', FAKE.hexSigningSecret, true],
    ['git SHA', '3f9a0c2b7d1e4f5a6b7c8d9e0f1a2b3c4d5e6f7a', false],
    ['UUID', '123e4567-e89b-12d3-a456-426614174000', false],
    ['camel identifier', 'ReleaseReadinessScorecard2024Builder', false],
    ['kebab identifier', 'payments-service-v2-canary-rollout-2024', false],
    ['path', 'srv/releases/payments-api/config', false],
    ['too short', 'Zx8Qm2Lr7VtK9pW4', false],
  ])('%s → %s', (_name, token, expected) => {
    expect(isRandomToken(token)).toBe(expected);
  });

  it('measures Shannon entropy in bits per character', () => {
    expect(shannonEntropy('')).toBe(0);
    expect(shannonEntropy('aaaa')).toBe(0);
    expect(shannonEntropy('abcd')).toBeCloseTo(2);
  });
});
