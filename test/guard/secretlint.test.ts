import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import { kindFromRuleId, redactSecretsThorough, secretlintSpans } from '../../src/guard/secretlint.ts';
import { FAKE } from './fixtures.ts';

describe('secretlint second opinion', () => {
  it('ignores secretlint-disable comments in untrusted text', async () => {
    const text = `// secretlint-disable\nbot ${FAKE.slackBot}`;
    expect((await secretlintSpans(text)).map((s) => s.kind)).toEqual(['slack']);
    expect((await redactSecretsThorough(text)).text).toBe(
      '// secretlint-disable\nbot [REDACTED:slack_token]',
    );
  });

  it('keeps our narrower redaction where both match (user and host stay readable)', async () => {
    const text = 'postgres://app:S3cretPassw0rd@db.internal:5432/payments';
    expect((await redactSecretsThorough(text)).text).toBe(
      'postgres://app:[REDACTED:url_password]@db.internal:5432/payments',
    );
  });

  it('is idempotent', async () => {
    const once = (await redactSecretsThorough(`a ${FAKE.npm} b postgres://u:pw12345@h/x`)).text;
    expect(await redactSecretsThorough(once)).toEqual({ text: once, findings: [] });
  });

  it('leaves no profiler marks behind (secretlint would otherwise grow a global list per call)', async () => {
    await redactSecretsThorough('warm up');
    const before = performance.getEntriesByType('mark').length;
    for (let i = 0; i < 20; i++) await redactSecretsThorough(`call ${i} ${FAKE.npm}`);
    expect(performance.getEntriesByType('mark').length).toBe(before);
  });

  it.each([
    ['@secretlint/secretlint-rule-hashicorp-vault', 'hashicorp_vault'],
    ['@secretlint/secretlint-rule-1password', '1password'],
    ['custom', 'custom'],
    ['@@@', 'secret'],
  ])('kindFromRuleId(%s) → %s', (ruleId, kind) => {
    expect(kindFromRuleId(ruleId)).toBe(kind);
  });
});
