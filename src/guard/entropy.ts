import { isMadeOfWords, STRICT_WORDS } from './word-shape.ts';

/**
 * The last line of defence: long random-looking tokens that no named pattern knows.
 *
 * Decisions (documented here because they are policy, not mechanics):
 * - A candidate is a run of at least 24 base64/base64url/hex characters.
 * - Git SHAs (40 hex) and SHA-256 digests (64 hex) are NOT secrets: release plans cite commits and
 *   image digests all the time. A 40-hex value in a `token=` context is still caught by the
 *   assignment pattern.
 * - UUIDs are identifiers (request ids, tickets, runs), not secrets, and are not flagged.
 * - Entropy is judged per character set, as gitleaks and trufflehog do: other hex runs (32-hex
 *   signing secrets, MD5-sized keys) are flagged whenever they hold a digit and are not degenerate
 *   (letters a–f cannot spell an identifier worth keeping).
 * - The AWS secret key shape (exactly 40 base64 characters, both cases) is flagged unless it is
 *   clearly spelled from words: no random key of that shape may pass.
 * - Other tokens: words, kebab/snake/camel identifiers, Slack ids, URLs and file paths are made of
 *   pronounceable pieces; a token is only flagged when most of it is not AND its Shannon entropy
 *   is high.
 */

const CANDIDATE = /(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{24,}={0,2}(?![A-Za-z0-9+/_=-])/g;
const CONTENT_HASH = /^(?:[0-9a-f]{40}|[0-9A-F]{40}|[0-9a-f]{64}|[0-9A-F]{64})$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HEX = /^[0-9a-fA-F]+$/;
const AWS_SECRET_SHAPE = /^(?=[^a-z]*[a-z])(?=[^A-Z]*[A-Z])[A-Za-z0-9+/]{40}$/;

export const MIN_RANDOM_TOKEN_LENGTH = 24;
/** Bits per character. Random base64 of 24+ chars sits around 4.0–4.6; English-ish identifiers lower. */
export const BASE64_ENTROPY_THRESHOLD = 3.5;
/**
 * Hex has 16 symbols: random hex of 24+ chars sits around 3.4–3.9, and the lowest of 10^5 random
 * 32-hex keys measured 2.9. Below 2.5 a hex run is a pattern (`0000…01`), not a key.
 */
export const HEX_ENTROPY_THRESHOLD = 2.5;

export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of text) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let bits = 0;
  for (const n of counts.values()) {
    const p = n / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

/** A segment counts as jumbled when it is long enough to judge and not spelled from words. */
function isJumbled(segment: string): boolean {
  return segment.length >= 8 && !isMadeOfWords(segment);
}

/** Kebab and snake identifiers are judged piece by piece; `/` and `+` belong to base64 keys. */
function jumbledShare(token: string): number {
  const segments = token.split(/[_-]/);
  const total = segments.reduce((sum, s) => sum + s.length, 0);
  const jumbled = segments.filter(isJumbled).reduce((sum, s) => sum + s.length, 0);
  return total === 0 ? 0 : jumbled / total;
}

export function isRandomToken(candidate: string): boolean {
  const token = candidate.replace(/=+$/, '');
  if (token.length < MIN_RANDOM_TOKEN_LENGTH) return false;
  if (CONTENT_HASH.test(token) || UUID.test(token)) return false;
  if (HEX.test(token)) return /[0-9]/.test(token) && shannonEntropy(token) >= HEX_ENTROPY_THRESHOLD;
  if (AWS_SECRET_SHAPE.test(token)) return !isMadeOfWords(token, STRICT_WORDS);
  return jumbledShare(token) >= 0.5 && shannonEntropy(token) >= BASE64_ENTROPY_THRESHOLD;
}

export function findRandomTokens(text: string): { start: number; end: number }[] {
  return [...text.matchAll(CANDIDATE)]
    .filter((m) => isRandomToken(m[0]))
    .map((m) => ({ start: m.index, end: m.index + m[0].length }));
}
