import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../src/evidence/gate-rule.ts';
import { applyEvidence, decidedByEvidence, overallAt } from '../../src/evidence/scorecard.ts';
import type { EvidenceRecord, EvidenceStatus } from '../../src/evidence/types.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';

const AT = new Date('2026-11-30T09:00:00Z');
const record = (status: EvidenceStatus, summary = `checks ${status}`): EvidenceRecord => ({
  source: 'github',
  query: 'GET /repos/acme/api/commits/abc/check-runs?filter=latest',
  observedAt: AT.toISOString(),
  status,
  reason: status === 'pass' ? 'ok' : status === 'fail' ? 'threshold' : 'no_data',
  summary,
  facts: [],
});
const snapshot = (gates: Record<string, EvidenceStatus>) =>
  snapshotOf(
    Object.entries(gates).map(([environment, status]) => ({ environment, checks: [record(status)] })),
    AT,
  );
const card = () => samplePlan().scorecard;

describe('the evidence decides the policy gates of the scorecard', () => {
  it('overrides the model where they disagree, and says so in the gate', () => {
    const { value, decided } = applyEvidence(card(), snapshot({ Staging: 'fail' }), 'SRE lead');
    const staging = value.gates.find((g) => g.environment === 'staging');
    expect(staging?.status).toBe('fail');
    expect(staging?.evidence).toMatch(/^Evidence decided fail \(the draft said pass\)\. CI run/);
    expect(decided).toEqual([{ environment: 'staging', status: 'fail', modelSaid: 'pass' }]);
    expect(value.overall_status).toBe('red');
  });

  it('leaves gates the policy does not define as the model wrote them', () => {
    const { value } = applyEvidence(card(), snapshot({ staging: 'pass' }), 'SRE lead');
    expect(value.gates.find((g) => g.environment === 'canary')).toEqual(card().gates[1]);
    expect(decidedByEvidence(value.gates[1] ?? { evidence: '' })).toBe(false);
  });

  it('adds a policy gate the model left out, with the evidence’s summary', () => {
    const { value } = applyEvidence(card(), snapshot({ 'eu-west': 'unknown' }), 'SRE lead');
    expect(value.gates.at(-1)).toMatchObject({
      environment: 'eu-west',
      status: 'unknown',
      owner_role: 'SRE lead',
    });
  });

  it('a green overall with an unknown policy gate becomes yellow', () => {
    const green = {
      ...card(),
      overall_status: 'green' as const,
      gates: card().gates.map((g) => ({ ...g, status: 'pass' as const })),
    };
    expect(applyEvidence(green, snapshot({ staging: 'unknown' }), 'x').value.overall_status).toBe('yellow');
  });

  it('is idempotent, and a newer snapshot starts again from what the model wrote', () => {
    const once = applyEvidence(card(), snapshot({ staging: 'fail' }), 'x').value;
    expect(applyEvidence(once, snapshot({ staging: 'fail' }), 'x').value).toEqual(once);
    const back = applyEvidence(once, snapshot({ staging: 'pass' }), 'x').value;
    expect(back.gates[0]).toMatchObject({
      status: 'pass',
      evidence: expect.stringMatching(/^Evidence decided pass\. CI run/),
    });
  });

  it('property: whatever the model wrote, every policy gate ends with the evidence’s status', () => {
    const status = fc.constantFrom<EvidenceStatus>('pass', 'fail', 'unknown');
    fc.assert(
      fc.property(status, status, status, (model, staging, production) => {
        const drafted = { ...card(), gates: card().gates.map((g) => ({ ...g, status: model })) };
        const { value } = applyEvidence(drafted, snapshot({ staging, production }), 'x');
        expect(value.gates.find((g) => g.environment === 'staging')?.status).toBe(staging);
        expect(value.gates.find((g) => g.environment === 'production')?.status).toBe(production);
        if (staging === 'fail' || production === 'fail') expect(value.overall_status).toBe('red');
      }),
    );
  });
});

describe('the overall status as time passes', () => {
  it('a green scorecard whose evidence went stale shows yellow until refreshed', () => {
    const green = { ...card(), overall_status: 'green' as const };
    const aging = snapshotOf(
      [{ environment: 'staging', checks: [{ ...record('pass'), maxAgeMs: 15 * 60_000 }] }],
      AT,
    );
    expect(overallAt(green, aging, new Date(AT.getTime() + 10 * 60_000)).overall_status).toBe('green');
    expect(overallAt(green, aging, new Date(AT.getTime() + 16 * 60_000)).overall_status).toBe('yellow');
    expect(overallAt(green, undefined, AT)).toBe(green);
  });
});
