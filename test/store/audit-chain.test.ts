import { describe, expect, it } from 'vitest';
import { type ChainBreak, GENESIS_HASH, hashEntry, verifyChain } from '../../src/store/audit-chain.ts';
import type { AuditEntry } from '../../src/store/port.ts';

function chain(count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  for (let seq = 1; seq <= count; seq++) {
    const unsigned = {
      seq,
      planId: seq % 2 === 0 ? 'plan-1' : null,
      kind: 'section_saved',
      actor: seq % 3 === 0 ? null : `U${seq}`,
      data: { n: seq, nested: { list: [seq, 'x'] } },
      createdAt: `2026-01-01T00:00:0${seq}.000Z`,
      prevHash: entries.at(-1)?.hash ?? GENESIS_HASH,
    };
    entries.push({ ...unsigned, hash: hashEntry(unsigned) });
  }
  return entries;
}

/** Replaces one entry, optionally re-signing it so that only the next link shows the edit. */
function edited(
  entries: AuditEntry[],
  seq: number,
  change: Partial<AuditEntry>,
  resign = false,
): AuditEntry[] {
  return entries.map((entry) => {
    if (entry.seq !== seq) return entry;
    const changed = { ...entry, ...change };
    return resign ? { ...changed, hash: hashEntry(changed) } : changed;
  });
}

describe('hashEntry', () => {
  const first = chain(1)[0]!;
  it.each([
    ['seq', { seq: 2 }],
    ['planId', { planId: 'other' }],
    ['kind', { kind: 'other' }],
    ['actor', { actor: 'U999' }],
    ['data', { data: { n: 2 } }],
    ['createdAt', { createdAt: '2026-01-01T00:00:00.000Z' }],
    ['prevHash', { prevHash: 'f'.repeat(64) }],
  ])('covers %s', (_field, change) => {
    expect(hashEntry({ ...first, ...change })).not.toBe(first.hash);
  });

  it('ignores the stored hash and the data key order', () => {
    const reordered = { ...first, hash: 'anything', data: { nested: { list: [1, 'x'] }, n: 1 } };
    expect(hashEntry(reordered)).toBe(first.hash);
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('verifyChain', () => {
  it.each([0, 1, 5])('accepts an intact chain of %i entries', (count) => {
    expect(verifyChain(chain(count))).toEqual({ ok: true, count });
  });

  const cases: { name: string; entries: AuditEntry[]; brokenAt: number; problem: ChainBreak }[] = [
    {
      name: 'edited data',
      entries: edited(chain(5), 3, { data: { n: 42 } }),
      brokenAt: 3,
      problem: 'hash_mismatch',
    },
    {
      name: 'edited actor',
      entries: edited(chain(5), 1, { actor: 'U0' }),
      brokenAt: 1,
      problem: 'hash_mismatch',
    },
    {
      name: 'an edit re-signed: the next link breaks',
      entries: edited(chain(5), 2, { kind: 'forged' }, true),
      brokenAt: 3,
      problem: 'prev_hash_mismatch',
    },
    {
      name: 'a first entry not chained to genesis',
      entries: edited(chain(3), 1, { prevHash: 'a'.repeat(64) }, true),
      brokenAt: 1,
      problem: 'prev_hash_mismatch',
    },
    {
      name: 'a removed middle entry',
      entries: chain(5).filter((e) => e.seq !== 3),
      brokenAt: 4,
      problem: 'seq_gap',
    },
    { name: 'a removed first entry', entries: chain(3).slice(1), brokenAt: 2, problem: 'seq_gap' },
    {
      name: 'a duplicated entry',
      entries: chain(3).flatMap((e) => (e.seq === 2 ? [e, e] : [e])),
      brokenAt: 2,
      problem: 'seq_gap',
    },
    {
      name: 'two edits: the first is reported',
      entries: edited(edited(chain(5), 4, { data: 'x' }), 2, { data: 'y' }),
      brokenAt: 2,
      problem: 'hash_mismatch',
    },
  ];
  it.each(cases)('reports $name at seq $brokenAt', ({ entries, brokenAt, problem }) => {
    const verdict = verifyChain(entries);
    expect(verdict).toMatchObject({ ok: false, brokenAt, problem });
    expect(verdict.ok === false && verdict.reason.length > 0).toBe(true);
  });
});
