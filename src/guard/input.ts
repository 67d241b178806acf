import { markerSpans } from './markers.ts';
import { redactEachThorough, redactSecretsThorough } from './secretlint.ts';
import { type Redaction, redactSecrets } from './secrets.ts';
import { truncateSafe } from './text.ts';

export type InputRedaction = { text: string; redactions: number; truncated: boolean };
export type InputOptions = { maxChars: number };

/** Cuts at `maxChars` without splitting a surrogate pair or a redaction marker. */
function truncateKeepingMarkers(text: string, maxChars: number): string {
  const cut = truncateSafe(text, maxChars);
  if (cut.length === text.length) return text;
  const split = markerSpans(text).find((m) => m.start < cut.length && m.end > cut.length);
  return split ? text.slice(0, split.start) : cut;
}

function finish(redaction: Redaction, maxChars: number): InputRedaction {
  const text = truncateKeepingMarkers(redaction.text, maxChars);
  return { text, redactions: redaction.findings.length, truncated: text.length < redaction.text.length };
}

/**
 * For modal fields and thread replies, before the text reaches the model, the logs or the
 * database: secrets are redacted first (so truncation cannot cut a secret into an unrecognisable
 * half), then the text is cut to `maxChars`.
 */
export function redactInput(text: string, options: InputOptions): InputRedaction {
  return finish(redactSecrets(text), options.maxChars);
}

/** `redactInput` with secretlint's rules added to ours. */
export async function redactInputThorough(text: string, options: InputOptions): Promise<InputRedaction> {
  return finish(await redactSecretsThorough(text), options.maxChars);
}

/** `redactInputThorough` for several fields, with one secretlint call for all of them. */
export async function redactInputsThorough(
  texts: readonly string[],
  options: InputOptions,
): Promise<InputRedaction[]> {
  return (await redactEachThorough(texts)).map((redaction) => finish(redaction, options.maxChars));
}
