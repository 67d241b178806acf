import { describe, expect, it } from 'vitest';
import { pemContinuations } from '../../src/guard/pem-items.ts';

const items = (...texts: string[]) => texts.map((text, i) => ({ text, path: [String(i)] }));

describe('pemContinuations', () => {
  it.each([
    [
      'items after an opened key, up to its end',
      ['a', '-----BEGIN PRIVATE KEY-----', 'MIIBOg', 'QwEC', '-----END PRIVATE KEY-----', 'MIIBOg'],
      ['2', '3', '4'],
    ],
    [
      'list markers in front of the lines',
      ['- -----BEGIN RSA PRIVATE KEY-----', '- MIIBOg+/=', '2. QwEC'],
      ['1', '2'],
    ],
    ['prose ends the key', ['-----BEGIN PRIVATE KEY-----', 'rotate it', 'MIIBOg'], []],
    [
      'a key closed in its own item',
      ['-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----', 'MIIBOg'],
      [],
    ],
    ['no key at all', ['MIIBOg', 'QwEC'], []],
  ])('%s', (_name, texts, expected) => {
    expect(pemContinuations(items(...texts)).map((p) => p[0])).toEqual(expected);
  });
});
