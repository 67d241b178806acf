import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/evidence/checks.ts';
import { type EvidenceFakes, fakeCollector, startEvidenceFakes } from '../fakes/evidence/index.ts';
import type { FakeServer, Fault } from '../fakes/evidence/server.ts';

/**
 * Every connector under every fault, as one table: an error, a 429 whose Retry-After is longer than
 * we wait, a time-out and a dropped connection are unknown (error), never pass; a short Retry-After
 * is waited once and then the answer counts.
 */
const clock = { now: () => new Date('2026-11-30T09:00:00Z') };
const SHA = 'abc123';
const JQL = 'project = REL';
let fakes: EvidenceFakes;
beforeAll(async () => {
  fakes = await startEvidenceFakes();
  fakes.github.setCommit('acme/api', SHA, [{ name: 'build' }]);
  fakes.jira.setResult(JQL, []);
  fakes.pagerduty.addService('P1ABCD2', 'Ingest API');
  fakes.datadog.setMonitors([{ name: 'm', tags: ['env:staging'], state: 'OK' }]);
  // The GitHub fake loads GitHub's description (13 MB) on its first answer: not part of any time-out here.
  const warmUp: CheckSpec = { kind: 'github_checks', repo: 'acme/api', required: ['build'] };
  await fakeCollector(fakes, clock).collect(
    [{ environment: 'x', checks: [warmUp] }],
    { ref: SHA },
    { fresh: true },
  );
});
afterAll(() => fakes.close());
afterEach(() => {
  for (const fake of fakes.all()) fake.failAll(undefined);
});

const CASES: [string, () => FakeServer, CheckSpec][] = [
  ['github', () => fakes.github, { kind: 'github_checks', repo: 'acme/api', required: ['build'] }],
  ['jira', () => fakes.jira, { kind: 'jira_count', jql: JQL, max: 0 }],
  [
    'pagerduty',
    () => fakes.pagerduty,
    { kind: 'pagerduty_incidents', services: ['P1ABCD2'], urgency: 'high', max: 0 },
  ],
  ['datadog', () => fakes.datadog, { kind: 'datadog_monitors', tags: ['env:staging'], warn: 'unknown' }],
];
const FAULTS: [string, Fault][] = [
  ['500', { kind: 'status', status: 500 }],
  [
    '503 with Retry-After beyond the wait',
    { kind: 'status', status: 503, headers: { 'retry-after': '120' } },
  ],
  [
    '429 with Retry-After beyond the wait',
    { kind: 'status', status: 429, headers: { 'retry-after': '120' } },
  ],
  [
    '429 with an HTTP-date Retry-After',
    { kind: 'status', status: 429, headers: { 'retry-after': 'Mon, 30 Nov 2026 10:00:00 GMT' } },
  ],
  ['a time-out', { kind: 'slow', delayMs: 1500 }],
  ['a dropped connection', { kind: 'drop' }],
];
const TABLE = CASES.flatMap(([source, fake, spec]) =>
  FAULTS.map(([name, fault]) => [source, name, fake, spec, fault] as const),
);

async function check(spec: CheckSpec, sleep?: (ms: number) => Promise<void>) {
  const collector = fakeCollector(fakes, clock, { timeoutMs: 300, maxRetryWaitMs: 2000 }, sleep);
  const snapshot = await collector.collect(
    [{ environment: 'x', checks: [spec] }],
    { ref: SHA },
    { fresh: true },
  );
  return snapshot.gates[0];
}

describe('every connector, every fault', () => {
  it.each(CASES)('%s passes when healthy (the table below starts from a pass)', async (_s, _f, spec) => {
    expect((await check(spec))?.status).toBe('pass');
  });

  it.each(TABLE)('%s, %s → unknown (error), never pass', async (_s, _n, fake, spec, fault) => {
    fake().failAll(fault);
    const gate = await check(spec);
    expect(gate?.status).toBe('unknown');
    expect(gate?.checks[0]?.reason).toBe('error');
  });

  it.each(CASES)(
    '%s: a 429 with a short Retry-After is waited once, then the answer counts',
    async (_s, fake, spec) => {
      fake().fault({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
      const waits: number[] = [];
      const gate = await check(spec, async (ms) => void waits.push(ms));
      expect(waits).toEqual([1000]);
      expect(gate?.status).toBe('pass');
    },
  );
});
