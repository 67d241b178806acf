import fc from 'fast-check';

/**
 * Generators for the key shapes scanners pair with context (gitleaks' generic-api-key and
 * azure-ad-client-secret rules, trufflehog's AWS and Azure detectors). Characters are drawn
 * uniformly (`noBias`): fast-check's default bias favours the edges of a character class and
 * would generate low-entropy keys that no real generator produces.
 */
const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const HEX = '0123456789abcdef';
const AZURE = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_~.-';
const AWS_ID = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function uniform(alphabet: string, length: number): fc.Arbitrary<string> {
  return fc.noBias(
    fc
      .array(fc.nat({ max: alphabet.length - 1 }), { minLength: length, maxLength: length })
      .map((indices) => indices.map((i) => alphabet[i]).join('')),
  );
}

/** An AWS secret access key: 40 characters of base64. */
export const awsSecret = uniform(BASE64, 40);
export const awsKeyId = fc.tuple(fc.constantFrom('AKIA', 'ASIA'), uniform(AWS_ID, 16)).map(([p, b]) => p + b);
export const hex32 = fc
  .tuple(uniform(HEX, 32), fc.boolean())
  .map(([h, upper]) => (upper ? h.toUpperCase() : h));
/** An Azure AD client secret: three characters, a digit, `Q~`, then 34 more. */
export const azureSecret = fc
  .tuple(uniform(AZURE.slice(0, 62), 3), fc.nat({ max: 9 }), uniform(AZURE, 34))
  .map(([head, digit, tail]) => `${head}${digit}Q~${tail}`);

/** A typed password: a word, digits, maybe a symbol, in any order — never a bare dictionary word. */
export const password = fc
  .tuple(
    uniform('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ', 4),
    fc.stringMatching(/^[0-9]{1,4}$/),
    fc.constantFrom('', '!', '-', '#', '_', '@', '.'),
    uniform('abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789', 3),
    fc.boolean(),
  )
  .map(([word, digits, symbol, tail, swap]) =>
    swap ? `${tail}${symbol}${word}${digits}` : `${word}${digits}${symbol}${tail}`,
  );

/** How people write a password or secret in chat: no `=` or `:` needed. */
export const PASSWORD_PHRASINGS: readonly ((value: string) => string)[] = [
  (v) => `the db password is ${v}`,
  (v) => `The DB password is ${v} until Friday`,
  (v) => `passwd ${v}`,
  (v) => `password ${v}`,
  (v) => `Password for payments-db is ${v}.`,
  (v) => `root pwd ${v}`,
  (v) => `the admin passphrase was ${v}, please rotate`,
  (v) => `secret is ${v}`,
  (v) => `client secret ${v}`,
  (v) => `use password: ${v}`,
  (v) => `- password → ${v}`,
  (v) => `api key is ${v}`,
];

export const AWS_SECRET_PHRASINGS: readonly ((value: string) => string)[] = [
  (v) => `aws_secret_access_key ${v}`,
  (v) => `AWS_SECRET_ACCESS_KEY ${v}`,
  (v) => `aws secret access key ${v}`,
  (v) => `secret access key is ${v}`,
  (v) => `the secret key: ${v}`,
];
