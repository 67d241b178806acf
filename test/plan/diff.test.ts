import { describe, expect, it } from 'vitest';
import { compareHashes, leaves, lineChanges } from '../../src/plan/diff.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

describe('compareHashes', () => {
  it.each([
    ['nothing changed', { a: '1', b: '2' }, { a: '1', b: '2' }, { changed: [], added: [], removed: [] }],
    ['one changed', { a: '1', b: '2' }, { a: '1', b: '3' }, { changed: ['b'], added: [], removed: [] }],
    [
      'one added, one removed',
      { a: '1', b: '2' },
      { a: '1', c: '3' },
      { changed: [], added: ['c'], removed: ['b'] },
    ],
  ])('%s', (_name, before, after, expected) => {
    expect(compareHashes(before, after)).toEqual(expected);
  });
});

describe('lineChanges', () => {
  const limits = { maxLines: 10, maxChars: 200 };

  it.each([
    ['equal values', { a: 'x' }, { a: 'x' }, []],
    ['a changed string', { a: 'x' }, { a: 'y' }, [{ path: 'a', before: 'x', after: 'y' }]],
    [
      'a number',
      { timeout_hours: 1 },
      { timeout_hours: 2 },
      [{ path: 'timeout hours', before: '1', after: '2' }],
    ],
    [
      'an added list item',
      { keep: ['a'] },
      { keep: ['a', 'b'] },
      [{ path: 'keep › #2', before: null, after: 'b' }],
    ],
    [
      'a removed list item',
      { keep: ['a', 'b'] },
      { keep: ['a'] },
      [{ path: 'keep › #2', before: 'b', after: null }],
    ],
    [
      'an added object, leaf by leaf, named by its environment',
      { gates: [] },
      { gates: [{ environment: 'prod', status: 'fail' }] },
      [
        { path: 'gates › #1 (prod) › environment', before: null, after: 'prod' },
        { path: 'gates › #1 (prod) › status', before: null, after: 'fail' },
      ],
    ],
    ['a top-level leaf', 'old', 'new', [{ path: '(value)', before: 'old', after: 'new' }]],
  ])('%s', (_name, before, after, expected) => {
    expect(lineChanges(before, after, limits)).toEqual({ changes: expected, omitted: 0 });
  });

  it('finds the one changed criterion of a real section', () => {
    const before = samplePlan().gating;
    const after = structuredClone(before);
    after.rules[1]?.criteria.push('Load test passed');
    expect(lineChanges(before, after, limits).changes).toEqual([
      { path: 'rules › #2 (medium) › criteria › #3', before: null, after: 'Load test passed' },
    ]);
  });

  it('caps the number of lines and the length of each side', () => {
    const before = { keep: Array.from({ length: 6 }, (_, i) => `old ${i} ${'x'.repeat(300)}`) };
    const after = { keep: Array.from({ length: 6 }, (_, i) => `new ${i}`) };
    const diff = lineChanges(before, after, { maxLines: 2, maxChars: 50 });
    expect(diff.changes).toHaveLength(2);
    expect(diff.omitted).toBe(4);
    for (const c of diff.changes) expect(c.before?.length).toBeLessThanOrEqual(50);
  });
});

describe('leaves', () => {
  it('lists every leaf with a readable path', () => {
    expect(leaves({ missing_dependencies: ['a'], scope: { products: ['p'] } })).toEqual([
      { path: 'missing dependencies › #1', text: 'a' },
      { path: 'scope › products › #1', text: 'p' },
    ]);
  });
});
