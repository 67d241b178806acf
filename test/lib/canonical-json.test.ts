import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json.ts';

describe('canonicalJson', () => {
  it.each([
    ['sorts keys at every depth', { b: 1, a: { d: [1, 2], c: null } }, '{"a":{"c":null,"d":[1,2]},"b":1}'],
    ['sorts integer-like keys as strings', { 10: 'a', 2: 'b', x: 'c' }, '{"10":"a","2":"b","x":"c"}'],
    ['drops undefined members as JSON does', { a: undefined, b: 1 }, '{"b":1}'],
    ['writes undefined array items as null', [undefined, 1], '[null,1]'],
    ['uses toJSON', { at: new Date('2026-01-02T03:04:05.000Z') }, '{"at":"2026-01-02T03:04:05.000Z"}'],
    ['keeps primitives as JSON', 'é "q"', '"é \\"q\\""'],
    ['writes non-finite numbers as null', [Number.NaN, -0], '[null,0]'],
    ['keeps key order out of the result', { z: { y: 1, x: 2 }, a: [] }, '{"a":[],"z":{"x":2,"y":1}}'],
  ])('%s', (_name, value, expected) => {
    expect(canonicalJson(value)).toBe(expected);
  });

  it('gives the same text whatever the key insertion order', () => {
    expect(canonicalJson({ a: 1, b: { c: 2, d: 3 } })).toBe(canonicalJson({ b: { d: 3, c: 2 }, a: 1 }));
  });

  it.each([
    ['undefined', undefined],
    ['a function', () => 1],
  ])('refuses %s, which has no JSON form', (_name, value) => {
    expect(() => canonicalJson(value)).toThrow(TypeError);
  });

  it('refuses a circular structure', () => {
    const loop: Record<string, unknown> = {};
    loop.self = loop;
    expect(() => canonicalJson(loop)).toThrow(/circular/);
  });

  it('accepts the same object twice when it is not circular', () => {
    const shared = { a: 1 };
    expect(canonicalJson([shared, shared])).toBe('[{"a":1},{"a":1}]');
  });
});
