import type { MrkdwnElement, PlainTextElement } from '@slack/types';

/**
 * Untrusted text (model output, anything a user typed) is made inert for Slack mrkdwn here.
 *
 * Escaping `&`, `<`, `>` neutralises every control sequence (`<!here>`, `<@U…>`, `<!subteam^…>`,
 * `<url|label>`). Literal `@here`/`@channel`/`@everyone` are defanged with an invisible joiner after
 * the `@`. To keep the transformation reversible, a joiner that already follows an `@` gets one more:
 * escaping adds exactly one joiner after an `@` whenever a joiner or a broadcast word follows it, and
 * unescaping removes exactly one joiner after every `@` (the tests' round trip proves it).
 */
export const ZERO_WIDTH_JOINER = '\u200D';

const ELLIPSIS = '…';
const ENTITY_OF: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;' };
const BROADCAST_OR_JOINER = /@(\u200D+|(?=here|channel|everyone))/gi;

export function escapeMrkdwn(text: string): string {
  return defangBroadcasts(text).replace(/[&<>]/g, (c) => ENTITY_OF[c] ?? c);
}

/** Inserts the joiner after `@` before a broadcast word, and doubles joiners already there. */
export function defangBroadcasts(text: string): string {
  return text.replace(BROADCAST_OR_JOINER, (_m, joiners: string) => `@${ZERO_WIDTH_JOINER}${joiners}`);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** The largest cut point ≤ index that does not split a surrogate pair. */
export function safeCutIndex(text: string, index: number): number {
  if (index <= 0) return 0;
  if (index >= text.length) return text.length;
  const splitsPair = isHighSurrogate(text.charCodeAt(index - 1)) && isLowSurrogate(text.charCodeAt(index));
  return splitsPair ? index - 1 : index;
}

/** Like safeCutIndex, and also never inside an `&amp;`/`&lt;`/`&gt;` entity of escaped mrkdwn. */
export function safeMrkdwnCutIndex(text: string, index: number): number {
  const cut = safeCutIndex(text, index);
  for (let i = Math.max(0, cut - 4); i < cut; i++) {
    const entity = /^&(amp|lt|gt);/.exec(text.slice(i, i + 5));
    if (entity && i + entity[0].length > cut) return i;
  }
  return cut;
}

function truncateWith(text: string, max: number, cutIndex: (t: string, i: number) => number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return text.slice(0, cutIndex(text, max));
  return text.slice(0, cutIndex(text, max - ELLIPSIS.length)) + ELLIPSIS;
}

/** At most `max` UTF-16 units, ending in "…" when cut; never splits a surrogate pair. */
export function truncate(text: string, max: number): string {
  return truncateWith(text, max, safeCutIndex);
}

/** truncate() for already-escaped mrkdwn: also never leaves half an entity behind. */
export function truncateMrkdwn(text: string, max: number): string {
  return truncateWith(text, max, safeMrkdwnCutIndex);
}

/** Slack rejects empty text objects; an em dash stands in for nothing. */
function nonEmpty(text: string): string {
  return text.trim() === '' ? '—' : text;
}

/** A plain_text object (not parsed by Slack, so no entities), truncated to `max`. */
export function plainText(text: string, max: number): PlainTextElement {
  return {
    type: 'plain_text',
    text: truncate(nonEmpty(defangBroadcasts(text).toWellFormed()), max),
    emoji: true,
  };
}

/** A mrkdwn object from text that is already safe (built from escaped parts), truncated to `max`. */
export function mrkdwnText(safeMrkdwn: string, max: number): MrkdwnElement {
  return { type: 'mrkdwn', text: truncateMrkdwn(nonEmpty(safeMrkdwn.toWellFormed()), max) };
}
