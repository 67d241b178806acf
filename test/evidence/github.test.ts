import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { GateDefinition, GithubChecks } from '../../src/evidence/checks.ts';
import { runVerdict } from '../../src/evidence/github-map.ts';
import type { FakeRun, FakeStatus } from '../fakes/evidence/github.ts';
import { type EvidenceFakes, fakeCollector, startEvidenceFakes } from '../fakes/evidence/index.ts';

const clock = { now: () => new Date('2026-11-30T09:00:00Z') };
const SHA = 'a1b2c3d4e5f6';
let fakes: EvidenceFakes;
beforeAll(async () => {
  fakes = await startEvidenceFakes();
});
afterAll(() => fakes.close());
afterEach(() => {
  expect(fakes.github.violations).toEqual([]);
  fakes.github.requests.length = 0;
  fakes.github.failAll(undefined);
});

const gate = (spec: Partial<GithubChecks> = {}): GateDefinition[] => [
  {
    environment: 'staging',
    checks: [{ kind: 'github_checks', repo: 'acme/api', required: ['build', 'test'], ...spec }],
  },
];

async function run(
  runs: FakeRun[],
  statuses: FakeStatus[] = [],
  spec: Partial<GithubChecks> = {},
  ref = SHA,
) {
  fakes.github.setCommit('acme/api', SHA, runs, statuses);
  const snapshot = await fakeCollector(fakes, clock).collect(gate(spec), { ref }, { fresh: true });
  const record = snapshot.gates[0]?.checks[0];
  if (!record) throw new Error('no record');
  return record;
}

describe('GitHub check runs → evidence (every conclusion)', () => {
  it.each([
    ['success', 'pass', 'ok'],
    ['failure', 'fail', 'threshold'],
    ['timed_out', 'fail', 'threshold'],
    ['cancelled', 'fail', 'threshold'],
    ['action_required', 'fail', 'threshold'],
    ['neutral', 'unknown', 'no_data'],
    ['skipped', 'unknown', 'no_data'],
  ] as const)('build %s, test success → %s (%s)', async (conclusion, status, reason) => {
    const record = await run([
      { name: 'build', conclusion },
      { name: 'test', conclusion: 'success' },
    ]);
    expect([record.status, record.reason]).toEqual([status, reason]);
    expect(record.facts).toContainEqual(expect.objectContaining({ label: 'build', value: conclusion }));
  });

  it.each([
    ['startup_failure', 'fail'],
    ['stale', 'unknown'],
    [null, 'unknown'],
  ] as const)(
    'conclusions GitHub’s description does not list for check runs (%s) → %s',
    (conclusion, status) => {
      expect(runVerdict({ name: 'x', status: 'completed', conclusion }).status).toBe(status);
    },
  );

  it.each(['queued', 'in_progress', 'waiting', 'requested', 'pending'] as const)(
    'a required run %s is unknown (pending), never pass',
    async (state) => {
      const record = await run([{ name: 'build', status: state }, { name: 'test' }]);
      expect([record.status, record.reason]).toEqual(['unknown', 'pending']);
    },
  );

  it('a failure wins over a pending run', async () => {
    const record = await run([
      { name: 'build', status: 'in_progress' },
      { name: 'test', conclusion: 'failure' },
    ]);
    expect(record.status).toBe('fail');
    expect(record.summary).toContain('test');
  });

  it('a required check that reported nothing is unknown (no data), naming it', async () => {
    const record = await run([{ name: 'build' }]);
    expect([record.status, record.reason]).toEqual(['unknown', 'no_data']);
    expect(record.summary).toContain('test (not reported)');
  });

  it('no runs and no statuses at all (combined state pending with no statuses) is unknown, not pass', async () => {
    const record = await run([], [], { required: [] });
    expect([record.status, record.reason]).toEqual(['unknown', 'no_data']);
  });

  it.each([
    ['success', 'pass'],
    ['failure', 'fail'],
    ['error', 'fail'],
    ['pending', 'unknown'],
  ] as const)('a required commit status %s → %s', async (state, status) => {
    const record = await run([{ name: 'build' }], [{ context: 'test', state }]);
    expect(record.status).toBe(status);
  });

  it('without required names every reported run and status counts', async () => {
    expect(
      (await run([{ name: 'a' }, { name: 'b' }], [{ context: 'c', state: 'success' }], { required: [] }))
        .status,
    ).toBe('pass');
    expect(
      (await run([{ name: 'a' }, { name: 'b', conclusion: 'cancelled' }], [], { required: [] })).status,
    ).toBe('fail');
  });

  it('pages through more than 100 check runs (Link rel=next)', async () => {
    const many: FakeRun[] = Array.from({ length: 230 }, (_, i) => ({ name: `lint-${i}` }));
    const record = await run([...many, { name: 'build' }, { name: 'test', conclusion: 'failure' }]);
    expect(record.status).toBe('fail');
    const pages = fakes.github.requests.filter((r) => r.url.pathname.endsWith('/check-runs'));
    expect(pages.map((r) => r.url.searchParams.get('page') ?? '1')).toEqual(['1', '2', '3']);
  });

  it('asks for the latest runs of the commit, GET only, the token in the Authorization header alone', async () => {
    await run([{ name: 'build' }, { name: 'test' }]);
    const [first] = fakes.github.requests;
    expect(first?.method).toBe('GET');
    expect(first?.url.pathname).toBe(`/repos/acme/api/commits/${SHA}/check-runs`);
    expect(first?.url.searchParams.get('filter')).toBe('latest');
    expect(first?.headers.authorization).toBe(`token ${fakes.env.GITHUB_TOKEN}`);
    for (const r of fakes.github.requests) expect(r.url.href).not.toContain(fakes.env.GITHUB_TOKEN);
  });

  it('an unknown commit (404), a 500, a 429 and no ref are unknown, never pass', async () => {
    expect((await run([{ name: 'build' }, { name: 'test' }], [], {}, 'nope')).reason).toBe('error');
    fakes.github.failAll({ kind: 'status', status: 500 });
    expect((await run([{ name: 'build' }, { name: 'test' }])).status).toBe('unknown');
    fakes.github.failAll({ kind: 'status', status: 429, headers: { 'retry-after': '3600' } });
    const limited = await run([{ name: 'build' }, { name: 'test' }]);
    expect([limited.status, limited.reason]).toEqual(['unknown', 'error']);
    fakes.github.failAll(undefined);
    fakes.github.setCommit('acme/api', SHA, [{ name: 'build' }]);
    const snapshot = await fakeCollector(fakes, clock).collect(gate(), {}, { fresh: true });
    expect(snapshot.gates[0]?.checks[0]).toMatchObject({ status: 'unknown', reason: 'no_data' });
  });
});
