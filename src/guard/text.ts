/** Text helpers shared by the guards: cutting strings without breaking a surrogate pair. */

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** The longest prefix of `text` with at most `maxChars` UTF-16 units that does not split a surrogate pair. */
export function truncateSafe(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = Math.max(0, Math.floor(maxChars));
  return isHighSurrogate(text.charCodeAt(cut - 1)) ? text.slice(0, cut - 1) : text.slice(0, cut);
}

/** A one-line excerpt for findings and logs, at most `maxChars` long including the ellipsis. */
export function excerpt(text: string, maxChars = 80): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  if (oneLine.length <= maxChars) return oneLine;
  return `${truncateSafe(oneLine, maxChars - 1)}…`;
}

/** Zero-width characters (U+200B–U+200D, U+2060, U+FEFF) and the soft hyphen: invisible, yet they split a word. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/**
 * What a reader sees, for detection only: fullwidth and other compatibility letters folded (NFKC)
 * and invisible characters dropped, so `ｋｕｂｅｃｔｌ` and `kub\u200Bectl` read as `kubectl`.
 * Text that is kept is kept as written.
 */
export function normalizeForDetection(text: string): string {
  return text.normalize('NFKC').replace(INVISIBLE, '');
}

export function hasInvisibleCharacters(text: string): boolean {
  return text.search(INVISIBLE) >= 0;
}
