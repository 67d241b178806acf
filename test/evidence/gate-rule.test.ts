import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { gateStatus, recordAt, snapshotOf, staleGates } from '../../src/evidence/gate-rule.ts';
import type { EvidenceRecord, EvidenceStatus } from '../../src/evidence/types.ts';

const status = fc.constantFrom<EvidenceStatus>('pass', 'fail', 'unknown');

describe('the gate rule', () => {
  it('never passes when any check is unknown or failed, or when there is none', () => {
    fc.assert(
      fc.property(fc.array(status), (statuses) => {
        const gate = gateStatus(statuses);
        if (statuses.length === 0 || statuses.some((s) => s !== 'pass')) expect(gate).not.toBe('pass');
        if (statuses.includes('fail')) expect(gate).toBe('fail');
        if (!statuses.includes('fail') && statuses.includes('unknown')) expect(gate).toBe('unknown');
        if (statuses.length > 0 && statuses.every((s) => s === 'pass')) expect(gate).toBe('pass');
      }),
    );
  });

  it('does not depend on the order of the checks', () => {
    fc.assert(
      fc.property(fc.array(status), (statuses) => {
        expect(gateStatus([...statuses].reverse())).toBe(gateStatus(statuses));
      }),
    );
  });
});

const record = (observedAt: string, maxAgeMs?: number): EvidenceRecord => ({
  source: 'datadog',
  query: 'GET /api/v1/monitor?monitor_tags=env:staging',
  observedAt,
  status: 'pass',
  reason: 'ok',
  summary: 'all 2 monitors OK',
  facts: [],
  ...(maxAgeMs === undefined ? {} : { maxAgeMs }),
});

describe('staleness', () => {
  it.each([
    [14, 'pass', 'ok'],
    [15, 'pass', 'ok'],
    [16, 'unknown', 'stale'],
  ] as const)('a pass observed %i min ago with max_age 15m → %s (%s)', (minutes, s, reason) => {
    const now = new Date(Date.parse('2026-11-30T09:00:00Z') + minutes * 60_000);
    expect(recordAt(record('2026-11-30T09:00:00.000Z', 15 * 60_000), now)).toMatchObject({
      status: s,
      reason,
    });
  });

  it('without max_age a record does not go stale', () => {
    expect(recordAt(record('2020-01-01T00:00:00.000Z'), new Date()).status).toBe('pass');
  });

  it('a snapshot hash covers what was seen and when', () => {
    const at = new Date('2026-11-30T09:00:00Z');
    const a = snapshotOf([{ environment: 'staging', checks: [record(at.toISOString())] }], at);
    const same = snapshotOf([{ environment: 'staging', checks: [record(at.toISOString())] }], at);
    const later = snapshotOf(
      [{ environment: 'staging', checks: [record(at.toISOString())] }],
      new Date(at.getTime() + 1000),
    );
    expect(a.hash).toBe(same.hash);
    expect(a.hash).not.toBe(later.hash);
    expect(a.gates[0]?.status).toBe('pass');
  });
});

describe('staleGates', () => {
  it('names the gates whose evidence is past its max_age, with the age', () => {
    const at = new Date('2026-11-30T09:00:00Z');
    const snapshot = snapshotOf(
      [
        { environment: 'staging', checks: [record(at.toISOString(), 15 * 60_000)] },
        { environment: 'production', checks: [record(at.toISOString())] },
      ],
      at,
    );
    expect(staleGates(snapshot, new Date(at.getTime() + 15 * 60_000))).toEqual([]);
    expect(staleGates(snapshot, new Date(at.getTime() + 20 * 60_000))).toEqual([
      { environment: 'staging', ageMs: 20 * 60_000 },
    ]);
    expect(staleGates(undefined, at)).toEqual([]);
  });
});
