import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createSectionRelay, createTopLevelDetector, parseOutputText } from '../../src/llm/json-stream.ts';
import { ModelError } from '../../src/llm/port.ts';
import { SECTION_KEYS } from '../../src/plan/schema.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

function detect(chunks: string[]) {
  const values: [string, unknown][] = [];
  const detector = createTopLevelDetector((key, value) => values.push([key, value]));
  for (const chunk of chunks) detector.write(chunk);
  detector.end();
  return { values, parseErrors: detector.parseErrors };
}

/** Splits `text` at the given UTF-16 offsets, so a split may fall inside a surrogate pair. */
function splitAt(text: string, offsets: number[]): string[] {
  const cuts = [...new Set(offsets)].sort((a, b) => a - b);
  return [0, ...cuts].map((start, i) => text.slice(start, cuts[i] ?? text.length));
}

const tricky = {
  quote: 'say "hi"\\ and \\"bye\\"',
  unicode: 'café — 日本語 — 😀🎉',
  escapes: '\u00e9\n\t\u2028\u0000',
  nested: { list: [1, 2.5, -3e-7, true, null, 'x'], empty: {} },
  last: [],
};

describe('createTopLevelDetector', () => {
  it.each([
    { name: 'one chunk', chunks: ['{"a":1,"b":{"c":[1,2]},"d":"x"}'] },
    { name: 'one character a chunk', chunks: Array.from('{"a":1,"b":{"c":[1,2]},"d":"x"}') },
    { name: 'split inside a key', chunks: ['{"a":1,"b', '":{"c":[1,2]},"d":"x"}'] },
    { name: 'split inside a number', chunks: ['{"a":', '1', ',"b":{"c":[1,2]},"d":"x"}'] },
    { name: 'whitespace around', chunks: ['  {\n "a" : 1 ,"b":{"c":[1,2]},', '"d":"x"}\n'] },
  ])('reports each top-level property once, in order: $name', ({ chunks }) => {
    expect(detect(chunks)).toEqual({
      values: [
        ['a', 1],
        ['b', { c: [1, 2] }],
        ['d', 'x'],
      ],
      parseErrors: [],
    });
  });

  it.each([
    { name: 'inside an escape sequence', split: (s: string) => s.indexOf('\\u00e9') + 3 },
    { name: 'between backslash and quote', split: (s: string) => s.indexOf('\\"hi') + 1 },
    { name: 'inside a surrogate pair', split: (s: string) => s.indexOf('😀') + 1 },
    { name: 'inside a multi-byte character', split: (s: string) => s.indexOf('日') + 1 },
  ])('decodes strings split $name', ({ split }) => {
    const text = JSON.stringify(tricky);
    const { values, parseErrors } = detect(splitAt(text, [split(text)]));
    expect(Object.fromEntries(values)).toEqual(tricky);
    expect(parseErrors).toEqual([]);
  });

  it('yields the same values as JSON.parse for any chunking of a plan with awkward strings', () => {
    const plan = samplePlan();
    plan.scorecard.summary = tricky.unicode + tricky.quote + tricky.escapes;
    const text = JSON.stringify(plan);
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: text.length - 1 }), { maxLength: 40 }), (offsets) => {
        const { values, parseErrors } = detect(splitAt(text, offsets));
        expect(values.map(([key]) => key)).toEqual([...SECTION_KEYS]);
        expect(Object.fromEntries(values)).toEqual(JSON.parse(text));
        expect(parseErrors).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });

  it('reports a property as soon as its value is complete, before the object closes', () => {
    const values: string[] = [];
    const detector = createTopLevelDetector((key) => values.push(key));
    detector.write('{"first":{"x":[1]},"second":"te');
    expect(values).toEqual(['first']);
    detector.write('xt"');
    expect(values).toEqual(['first', 'second']);
  });

  it.each([
    { name: 'truncated', chunks: ['{"a":1,"b":{"c":'], keys: ['a'] },
    { name: 'garbage mid-stream', chunks: ['{"a":1,', 'oops', ',"b":2}'], keys: ['a'] },
    { name: 'trailing garbage', chunks: ['{"a":1} and more'], keys: ['a'] },
    { name: 'markdown fence', chunks: ['```json\n{"a":1}\n```'], keys: [] },
  ])('records parse errors without throwing: $name', ({ chunks, keys }) => {
    const { values, parseErrors } = detect(chunks);
    expect(values.map(([key]) => key)).toEqual(keys);
    expect(parseErrors.length).toBeGreaterThan(0);
  });

  it.each([
    { name: 'array', text: '[{"a":1},2]' },
    { name: 'string', text: '"just text"' },
  ])('reports nothing for a root that is not an object: $name', ({ text }) => {
    expect(detect([text])).toEqual({ values: [], parseErrors: [] });
  });

  it('throws a callback error out of write() and stops reporting', () => {
    const seen: string[] = [];
    const detector = createTopLevelDetector((key) => {
      seen.push(key);
      if (key === 'a') throw new Error('boom');
    });
    expect(() => detector.write('{"a":1,"b":2}')).toThrow('boom');
    detector.write('');
    detector.end();
    expect(seen).toEqual(['a']);
    expect(detector.parseErrors).toEqual([]);
  });
});

describe('createSectionRelay', () => {
  it('runs async callbacks one at a time, in stream order', async () => {
    const log: string[] = [];
    const relay = createSectionRelay(
      async (key) => {
        log.push(`start ${key}`);
        await new Promise((resolve) => setTimeout(resolve, key === 'a' ? 20 : 1));
        log.push(`end ${key}`);
      },
      () => {},
    );
    relay.write('{"a":1,"b":2,');
    relay.write('"c":3}');
    expect(await relay.settle()).toBeUndefined();
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('reports the first callback failure once and makes no further calls', async () => {
    const calls: string[] = [];
    const failures: unknown[] = [];
    const error = new Error('cannot post');
    const relay = createSectionRelay(
      async (key) => {
        calls.push(key);
        if (key === 'b') throw error;
      },
      (failure) => failures.push(failure),
    );
    relay.write('{"a":1,"b":2,"c":3}');
    expect(await relay.settle()).toEqual({ error });
    expect(calls).toEqual(['a', 'b']);
    expect(failures).toEqual([error]);
  });

  it('does nothing without a callback', async () => {
    const relay = createSectionRelay(undefined, () => {});
    relay.write('not json at all');
    expect(await relay.settle()).toBeUndefined();
  });
});

describe('parseOutputText', () => {
  const Schema = z.object({ name: z.string(), size: z.number().max(10) });

  it('returns the validated value', () => {
    expect(parseOutputText(Schema, '{"name":"x","size":3}')).toEqual({ name: 'x', size: 3 });
  });

  it.each([
    { name: 'not JSON', text: '{"name":', message: /not valid JSON/ },
    { name: 'out of bounds', text: '{"name":"x","size":30}', message: /size/ },
    { name: 'missing key', text: '{"size":3}', message: /name/ },
  ])('throws invalid_output with the usage: $name', ({ text, message }) => {
    const usage = { inputTokens: 1, outputTokens: 2, cachedInputTokens: 0 };
    const error = catchError(() => parseOutputText(Schema, text, usage));
    expect(error).toBeInstanceOf(ModelError);
    expect(error).toMatchObject({ code: 'invalid_output', usage });
    expect((error as ModelError).message).toMatch(message);
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
}
