import { describe, expect, it } from 'vitest';
import { redactInput, redactInputsThorough, redactInputThorough } from '../../src/guard/input.ts';
import { FAKE } from './fixtures.ts';

describe('redactInput', () => {
  it.each([
    [
      'plain text within the limit',
      'Ship payments 4.2 to canary',
      100,
      'Ship payments 4.2 to canary',
      0,
      false,
    ],
    ['secret redacted', `key ${FAKE.awsAccessKeyId}`, 100, 'key [REDACTED:aws_access_key_id]', 1, false],
    ['truncated', 'abcdefghij', 4, 'abcd', 0, true],
    ['emoji not split', 'ok 🚀🚀', 4, 'ok ', 0, true],
    ['marker not split', `x ${FAKE.awsAccessKeyId}`, 10, 'x ', 1, true],
    ['zero budget', 'anything', 0, '', 0, true],
  ])('%s', (_name, text, maxChars, expected, redactions, truncated) => {
    expect(redactInput(text, { maxChars })).toEqual({ text: expected, redactions, truncated });
  });

  it('redacts before truncating, so a cut cannot hide half a secret', () => {
    const text = `${'a '.repeat(10)}${FAKE.githubClassic}`;
    const result = redactInput(text, { maxChars: 30 });
    expect(result.redactions).toBe(1);
    expect(result.text).not.toContain('ghp_');
  });

  it('thorough variant also applies secretlint rules', async () => {
    const hf = ['hf', '_', 'FAKEfakeFAKEfakeFAKEfakeFAKEfakeFA'].join('');
    expect(await redactInputThorough(`token ${hf}`, { maxChars: 200 })).toEqual({
      text: 'token [REDACTED:huggingface]',
      redactions: 1,
      truncated: false,
    });
  });

  it('redacts several fields in one go exactly as one by one, each cut to maxChars', async () => {
    const hf = ['hf', '_', 'FAKEfakeFAKEfakeFAKEfakeFAKEfakeFA'].join('');
    const fields = [`token ${hf}`, 'plain text', `${'b'.repeat(40)} ${FAKE.npm}`, '', `end ${FAKE.slackBot}`];
    const options = { maxChars: 30 };
    expect(await redactInputsThorough(fields, options)).toEqual(
      await Promise.all(fields.map((field) => redactInputThorough(field, options))),
    );
  });
});
