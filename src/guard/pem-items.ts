import type { JsonPath } from './walk.ts';

/**
 * A private key a model spread over list items (`["-----BEGIN RSA PRIVATE KEY-----", "MIIB…",
 * "…", "-----END RSA PRIVATE KEY-----"]`): each string alone is a short base64 run that no pattern
 * knows. The items that continue an opened key are found here, in document order, and redacted whole.
 */
const OPENS = /-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const CLOSES = /-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----/;
const BODY_LINE = /^\s*(?:(?:[-*•>]|\d+[.)])\s+)?(?:[A-Za-z0-9+/=]+|(?:Proc-Type|DEK-Info):.*)\s*$/;
const END_LINE = /^\s*(?:(?:[-*•>]|\d+[.)])\s+)?-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----\s*$/;

export function pemContinuations(strings: readonly { text: string; path: JsonPath }[]): JsonPath[] {
  const found: JsonPath[] = [];
  let open = false;
  for (const { text, path } of strings) {
    if (open && (BODY_LINE.test(text) || END_LINE.test(text))) {
      found.push(path);
      open = !END_LINE.test(text);
      continue;
    }
    const lastBegin = text.search(OPENS);
    open = lastBegin >= 0 && !CLOSES.test(text.slice(lastBegin));
  }
  return found;
}
