import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  escapeMrkdwn,
  mrkdwnText,
  plainText,
  truncate,
  truncateMrkdwn,
  ZERO_WIDTH_JOINER,
} from '../../../src/slack/blocks/mrkdwn.ts';

const ZWJ = '\u200D';
const CHAR_OF: Record<string, string> = { amp: '&', lt: '<', gt: '>' };

/** The inverse of escapeMrkdwn: the oracle that proves escaping loses nothing. */
function unescapeMrkdwn(text: string): string {
  return text
    .replace(/&(amp|lt|gt);/g, (m, name: string) => CHAR_OF[name] ?? m)
    .replaceAll(`@${ZERO_WIDTH_JOINER}`, '@');
}

/** Strings dense in the pieces the escaper cares about, so properties hit the tricky cases. */
const tricky = fc
  .array(
    fc.oneof(
      fc.constantFrom(
        '@',
        ZWJ,
        'here',
        'HERE',
        'channel',
        'everyone',
        '&',
        '&amp;',
        '&lt;',
        '<',
        '>',
        ';',
        '!',
      ),
      fc.constantFrom(
        '<!channel>',
        '<@U123>',
        '<!subteam^S1|team>',
        '<http://x.test|label>',
        '😀',
        '👨‍👩‍👧',
        ' ',
      ),
      fc.string({ maxLength: 3 }),
    ),
    { maxLength: 30 },
  )
  .map((parts) => parts.join(''));

const anyString = fc.oneof(tricky, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

describe('escapeMrkdwn', () => {
  it.each([
    ['a & b', 'a &amp; b'],
    ['<!channel> now', '&lt;!channel&gt; now'],
    ['<!here>', '&lt;!here&gt;'],
    ['<!everyone>', '&lt;!everyone&gt;'],
    ['ping <@U123ABC>', 'ping &lt;@U123ABC&gt;'],
    ['<!subteam^S123|@sre>', '&lt;!subteam^S123|@sre&gt;'],
    ['<https://evil.test|click>', '&lt;https://evil.test|click&gt;'],
    ['@here please', `@${ZWJ}here please`],
    ['hey @channel', `hey @${ZWJ}channel`],
    ['@Everyone', `@${ZWJ}Everyone`],
    [`@${ZWJ}here`, `@${ZWJ}${ZWJ}here`],
    ['mail@example.com', 'mail@example.com'],
    ['&amp;', '&amp;amp;'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(escapeMrkdwn(input)).toBe(expected);
    expect(unescapeMrkdwn(expected)).toBe(input);
  });

  it('never leaves a raw < or >', () => {
    fc.assert(fc.property(anyString, (s) => !/[<>]/.test(escapeMrkdwn(s))));
  });

  it('never leaves a broadcast word right after an @', () => {
    fc.assert(fc.property(anyString, (s) => !/@(here|channel|everyone)/i.test(escapeMrkdwn(s))));
  });

  it('round-trips every string exactly', () => {
    fc.assert(fc.property(anyString, (s) => unescapeMrkdwn(escapeMrkdwn(s)) === s));
  });
});

describe('truncate', () => {
  it.each([
    ['short', 10, 'short'],
    ['exactly10!', 10, 'exactly10!'],
    ['abcdefghijk', 10, 'abcdefghi…'],
    ['abcdefgh😀xyz', 10, 'abcdefgh…'],
    ['abcdefg😀xyz', 10, 'abcdefg😀…'],
    ['abc', 0, ''],
    ['😀😀', 1, '…'],
    ['😀😀', 2, '…'],
  ])('truncate(%j, %d) → %j', (input, max, expected) => {
    expect(truncate(input, max)).toBe(expected);
  });

  it('stays within max, keeps a prefix and never cuts a surrogate pair', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.nat(70), (s, max) => {
        const out = truncate(s, max);
        const kept = out.endsWith('…') && out !== s ? out.slice(0, -1) : out;
        return out.length <= max && out.isWellFormed() && s.startsWith(kept);
      }),
    );
  });

  it('truncateMrkdwn never leaves half an entity', () => {
    fc.assert(
      fc.property(tricky, fc.integer({ min: 1, max: 40 }), (s, max) => {
        const escaped = escapeMrkdwn(s);
        const kept = truncateMrkdwn(escaped, max).replace(/…$/, '');
        return kept.length <= max && escaped.startsWith(kept) && !/&[a-z]*$/.test(kept);
      }),
    );
  });
});

describe('text objects', () => {
  it.each([
    ['', '—'],
    ['   ', '—'],
    ['x'.repeat(200), `${'x'.repeat(149)}…`],
    ['@here hello', `@${ZWJ}here hello`],
  ])('plainText(%j) is non-empty and within 150', (input, expected) => {
    const el = plainText(input, 150);
    expect(el).toEqual({ type: 'plain_text', text: expected, emoji: true });
  });

  it('repairs a lone surrogate instead of sending it', () => {
    expect(plainText('a\uD800b', 10).text.isWellFormed()).toBe(true);
    expect(mrkdwnText('a\uDC00b', 10).text.isWellFormed()).toBe(true);
  });

  it('mrkdwnText caps escaped text without cutting an entity', () => {
    expect(mrkdwnText('aaaaaa&amp;b', 10).text).toBe('aaaaaa…');
    expect(mrkdwnText('', 10).text).toBe('—');
  });
});
