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
