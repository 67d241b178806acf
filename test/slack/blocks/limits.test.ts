import type { KnownBlock, ModalView } from '@slack/types';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  blockChars,
  capBlocks,
  contextBlocks,
  fieldBlocks,
  LIMITS,
  sectionBlocks,
  splitIntoMessages,
  splitMrkdwn,
} from '../../../src/slack/blocks/limits.ts';
import { escapeMrkdwn } from '../../../src/slack/blocks/mrkdwn.ts';
import { checkMessage, checkModal } from './check.ts';

const section = (text: string, block_id?: string): KnownBlock => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
  ...(block_id ? { block_id } : {}),
});
const headerBlock = (text: string): KnownBlock => ({ type: 'header', text: { type: 'plain_text', text } });
const dividerBlock: KnownBlock = { type: 'divider' };

describe('splitMrkdwn', () => {
  it.each([
    ['short text stays whole', 'hello world', 20, ['hello world']],
    ['prefers line breaks', 'line one\nline two\nline three', 20, ['line one\nline two', 'line three']],
    ['falls back to spaces', 'alpha beta gamma delta', 12, ['alpha beta', 'gamma delta']],
    ['cuts a long word', 'abcdefghij', 4, ['abcd', 'efgh', 'ij']],
    ['never splits an emoji', 'abc😀def', 4, ['abc', '😀de', 'f']],
    ['never splits an entity', 'ab&amp;cd', 5, ['ab', '&amp;', 'cd']],
    ['drops blank chunks', '   \n   ', 2, []],
  ])('%s', (_name, text, max, expected) => {
    expect(splitMrkdwn(text, max)).toEqual(expected);
  });

  it('keeps every non-space character, in order, in chunks within the limit', () => {
    fc.assert(
      fc.property(
        fc.string({ unit: 'grapheme', maxLength: 400 }),
        fc.integer({ min: 8, max: 60 }),
        (raw, max) => {
          const text = escapeMrkdwn(raw);
          const chunks = splitMrkdwn(text, max);
          const noSpace = (s: string) => s.replace(/\s/g, '');
          return (
            chunks.every((c) => c.length <= max && c.isWellFormed() && !/&[a-z]*$/.test(c)) &&
            noSpace(chunks.join('')) === noSpace(text)
          );
        },
      ),
    );
  });

  it('is fast on a huge text without line breaks', () => {
    const started = performance.now();
    const chunks = splitMrkdwn('x'.repeat(3_000_000));
    expect(chunks).toHaveLength(1000);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('block helpers', () => {
  it('sectionBlocks splits long text and suffixes block ids', () => {
    const blocks = sectionBlocks('word '.repeat(2000), 'b');
    expect(blocks.map((b) => b.block_id)).toEqual(['b', 'b_1', 'b_2', 'b_3']);
    expect(checkMessage({ text: 't', blocks })).toEqual([]);
  });

  it.each([
    [3, 1],
    [10, 1],
    [11, 2],
    [25, 3],
  ])('fieldBlocks puts %d short fields in %d blocks', (count, blocks) => {
    const out = fieldBlocks(Array.from({ length: count }, (_, i) => `field ${i}`));
    expect(out).toHaveLength(blocks);
    expect(checkMessage({ text: 't', blocks: out })).toEqual([]);
  });

  it('fieldBlocks caps each field at 2000 and a block at 4000 chars', () => {
    const out = fieldBlocks(Array.from({ length: 10 }, () => 'y'.repeat(5000)));
    expect(out).toHaveLength(5);
    for (const block of out) expect(checkMessage({ text: 't', blocks: [block] })).toEqual([]);
  });

  it('contextBlocks keeps at most 10 elements per block', () => {
    const out = contextBlocks(Array.from({ length: 23 }, (_, i) => `note ${i}`));
    expect(out.map((b) => (b.type === 'context' ? b.elements.length : 0))).toEqual([10, 10, 3]);
  });

  it('capBlocks keeps 50 blocks and says how many were left out', () => {
    const out = capBlocks(Array.from({ length: 60 }, (_, i) => section(`s${i}`)));
    expect(out).toHaveLength(50);
    expect(JSON.stringify(out.at(-1))).toContain('11 more blocks');
    expect(capBlocks([section('a')])).toHaveLength(1);
  });

  it('blockChars counts every string in a block', () => {
    expect(blockChars(section('abc'))).toBe('section'.length + 'mrkdwn'.length + 3);
  });
});

describe('splitIntoMessages', () => {
  it('respects block and char budgets and keeps order', () => {
    const blocks = Array.from({ length: 200 }, (_, i) =>
      section(`${i} ${'z'.repeat(i % 7 === 0 ? 2900 : 40)}`),
    );
    const messages = splitIntoMessages(blocks);
    expect(messages.length).toBeGreaterThan(4);
    for (const message of messages) {
      expect(message.length).toBeLessThanOrEqual(45);
      expect(blockChars(message)).toBeLessThanOrEqual(11_000);
    }
    expect(messages.flat()).toEqual(blocks);
  });

  it.each([
    [
      { maxBlocks: 3 },
      [headerBlock('h1'), section('a'), section('b'), headerBlock('h2'), section('c')],
      [3, 2],
    ],
    [{ maxBlocks: 2 }, [section('a'), headerBlock('h'), section('b')], [1, 2]],
  ])('never ends a message on a header (%j)', (options, blocks, sizes) => {
    const messages = splitIntoMessages(blocks, options);
    expect(messages.map((m) => m.length)).toEqual(sizes);
    for (const message of messages) expect(message.at(-1)?.type).not.toBe('header');
  });

  it('drops dividers at message edges', () => {
    const messages = splitIntoMessages([section('a'), dividerBlock, section('b'), dividerBlock], {
      maxBlocks: 1,
    });
    expect(messages).toEqual([[section('a')], [section('b')]]);
  });

  it('returns no messages for no blocks', () => {
    expect(splitIntoMessages([])).toEqual([]);
  });
});

describe('checkMessage', () => {
  const ok = { text: 'fallback', blocks: [section('hello')] };

  it('accepts a valid message', () => {
    expect(checkMessage(ok)).toEqual([]);
  });

  it.each<[string, { text?: unknown; blocks: KnownBlock[] }, string]>([
    ['missing text', { blocks: [section('a')] }, 'text: missing fallback'],
    ['blank text', { text: '  ', blocks: [] }, 'text: missing fallback'],
    ['text over 40k', { text: 'x'.repeat(40_001), blocks: [] }, 'text: 40001 chars'],
    [
      'header over 150',
      { text: 't', blocks: [headerBlock('h'.repeat(151))] },
      'blocks[0].text.text: 151 chars',
    ],
    [
      'mrkdwn header',
      {
        text: 't',
        blocks: [{ type: 'header', text: { type: 'mrkdwn', text: 'x' } } as unknown as KnownBlock],
      },
      'bad type',
    ],
    [
      'section over 3000',
      { text: 't', blocks: [section('s'.repeat(3001))] },
      'blocks[0].text.text: 3001 chars',
    ],
    ['empty section text', { text: 't', blocks: [section('')] }, 'empty text'],
    ['section with nothing', { text: 't', blocks: [{ type: 'section' }] }, 'without text or fields'],
    [
      '11 fields',
      {
        text: 't',
        blocks: [
          { type: 'section', fields: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'f' })) },
        ],
      },
      '11 fields > 10',
    ],
    [
      'field over 2000',
      { text: 't', blocks: [{ type: 'section', fields: [{ type: 'mrkdwn', text: 'f'.repeat(2001) }] }] },
      'fields[0].text: 2001 chars',
    ],
    [
      '11 context elements',
      {
        text: 't',
        blocks: [
          { type: 'context', elements: Array.from({ length: 11 }, () => ({ type: 'mrkdwn', text: 'c' })) },
        ],
      },
      '11 elements',
    ],
    [
      'button text over 75',
      {
        text: 't',
        blocks: [
          {
            type: 'actions',
            elements: [
              { type: 'button', action_id: 'a', text: { type: 'plain_text', text: 'b'.repeat(76) } },
            ],
          },
        ],
      },
      'text.text: 76 chars',
    ],
    [
      'button value over 2000',
      {
        text: 't',
        blocks: [
          {
            type: 'actions',
            elements: [
              {
                type: 'button',
                action_id: 'a',
                value: 'v'.repeat(2001),
                text: { type: 'plain_text', text: 'b' },
              },
            ],
          },
        ],
      },
      'value: 2001 chars',
    ],
    ['duplicate block ids', { text: 't', blocks: [section('a', 'x'), section('b', 'x')] }, 'duplicate x'],
    ['block id over 255', { text: 't', blocks: [section('a', 'i'.repeat(256))] }, 'block_id: 256 chars'],
    ['lone surrogate', { text: 't', blocks: [section('cut \uD83D')] }, 'lone surrogate'],
    ['51 blocks', { text: 't', blocks: Array.from({ length: 51 }, () => dividerBlock) }, '51 blocks > 50'],
    [
      'too many chars',
      { text: 't', blocks: Array.from({ length: 5 }, () => section('c'.repeat(2990))) },
      'msg_blocks_too_long',
    ],
    [
      'unknown block type',
      { text: 't', blocks: [{ type: 'video' } as unknown as KnownBlock] },
      'not checked',
    ],
  ])('reports %s', (_name, message, problem) => {
    const problems = checkMessage(message);
    expect(problems.join('\n')).toContain(problem);
  });

  it('takes tighter budgets as options', () => {
    const blocks = Array.from({ length: 46 }, () => dividerBlock);
    expect(checkMessage({ text: 't', blocks })).toEqual([]);
    expect(checkMessage({ text: 't', blocks }, { maxBlocks: LIMITS.targetBlocksPerMessage })).toHaveLength(1);
  });
});

describe('checkModal', () => {
  const modal = (over: Partial<ModalView>): ModalView => ({
    type: 'modal',
    title: { type: 'plain_text', text: 'Title' },
    blocks: [],
    ...over,
  });

  it.each<[string, ModalView, string]>([
    ['title over 24', modal({ title: { type: 'plain_text', text: 't'.repeat(25) } }), 'title.text: 25 chars'],
    [
      'submit over 24',
      modal({ submit: { type: 'plain_text', text: 's'.repeat(25) } }),
      'submit.text: 25 chars',
    ],
    ['metadata over 3000', modal({ private_metadata: 'm'.repeat(3001) }), 'private_metadata: 3001 chars'],
    [
      '101 blocks',
      modal({ blocks: Array.from({ length: 101 }, () => ({ type: 'divider' })) }),
      '101 blocks > 100',
    ],
    [
      'initial option not offered',
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: {
              type: 'static_select',
              action_id: 'a',
              options: [{ text: { type: 'plain_text', text: 'A' }, value: 'a' }],
              initial_option: { text: { type: 'plain_text', text: 'B' }, value: 'b' },
            },
          },
        ],
      }),
      'initial option b is not offered',
    ],
    [
      'initial value over max_length',
      modal({
        blocks: [
          {
            type: 'input',
            label: { type: 'plain_text', text: 'L' },
            element: { type: 'plain_text_input', action_id: 'a', max_length: 5, initial_value: 'toolong' },
          },
        ],
      }),
      'initial_value: 7 chars > 5',
    ],
  ])('reports %s', (_name, view, problem) => {
    expect(checkModal(view).join('\n')).toContain(problem);
  });

  it('accepts a minimal modal', () => {
    expect(checkModal(modal({}))).toEqual([]);
  });
});
