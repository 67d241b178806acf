import { performance } from 'node:perf_hooks';
import { describe, expect, it } from 'vitest';
import {
  kindFromRuleId,
  redactEachThorough,
  redactSecretsThorough,
  secretlintSpans,
  secretlintSpansOfEach,
} from '../../src/guard/secretlint.ts';
import { FAKE, pem } from './fixtures.ts';

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

  it('finds in texts linted together exactly what it finds in each alone', async () => {
    const texts = [
      ...Object.values(FAKE).map((secret, i) => `item ${i}: use ${secret} then`),
      pem('RSA PRIVATE KEY', FAKE.pemBody),
      '',
      'nothing secret here',
      `${FAKE.npm}`,
      `trailing ${FAKE.githubClassic}`,
    ];
    const alone = await Promise.all(texts.map((text) => secretlintSpans(text)));
    expect(await secretlintSpansOfEach(texts)).toEqual(alone);
    const each = await redactEachThorough(texts);
    expect(each).toEqual(await Promise.all(texts.map((text) => redactSecretsThorough(text))));
  });

  it('keeps a match that would span two texts in both, clipped, so neither half leaks', async () => {
    const [first, second] = pem('RSA PRIVATE KEY', FAKE.pemBody).split('\n-----END');
    const texts = [first ?? '', `-----END${second ?? ''}`];
    const spans = await secretlintSpansOfEach(texts);
    for (const [i, text] of texts.entries()) {
      for (const span of spans[i] ?? []) {
        expect(span.start).toBeGreaterThanOrEqual(0);
        expect(span.end).toBeLessThanOrEqual(text.length);
      }
    }
    expect(spans[0]?.length).toBeGreaterThan(0);
  });

  it('lints no text for an empty list', async () => {
    expect(await secretlintSpansOfEach([])).toEqual([]);
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
