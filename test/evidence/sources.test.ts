import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { CheckSpec } from '../../src/evidence/checks.ts';
import type { EvidenceInput } from '../../src/evidence/types.ts';
import { MONITOR_STATES } from '../fakes/evidence/datadog.ts';
import { type EvidenceFakes, fakeCollector, startEvidenceFakes } from '../fakes/evidence/index.ts';

/** Jira, PagerDuty and Datadog through their connectors and the GET-only layer, against local fakes. */
const clock = { now: () => new Date('2026-11-30T09:00:00Z') };
let fakes: EvidenceFakes;
beforeAll(async () => {
  fakes = await startEvidenceFakes();
});
afterAll(() => fakes.close());
afterEach(() => {
  for (const fake of fakes.all()) {
    fake.failAll(undefined);
    fake.requests.length = 0;
  }
});

async function check(spec: CheckSpec, input: EvidenceInput = {}) {
  const snapshot = await fakeCollector(fakes, clock).collect(
    [{ environment: 'production', checks: [spec] }],
    input,
    { fresh: true },
  );
  const record = snapshot.gates[0]?.checks[0];
  if (!record) throw new Error('no record');
  return record;
}

const BLOCKERS = 'project = REL AND priority = Blocker AND statusCategory != Done';
const issues = (n: number) =>
  Array.from({ length: n }, (_, i) => ({ key: `REL-${i + 1}`, summary: `Blocker ${i + 1}` }));

describe('Jira JQL counts', () => {
  it.each([
    [0, 0, 'pass', 'ok'],
    [1, 0, 'fail', 'threshold'],
    [3, 5, 'pass', 'ok'],
    [6, 5, 'fail', 'threshold'],
  ] as const)('%i matching issues with max %i → %s', async (n, max, status, reason) => {
    fakes.jira.setResult(BLOCKERS, issues(n));
    const record = await check({ kind: 'jira_count', jql: BLOCKERS, max });
    expect([record.status, record.reason]).toEqual([status, reason]);
    expect(record.query).toBe(`JQL: ${BLOCKERS}`);
  });

  it('counts by paging through nextPageToken (no total in the answer), on /search/jql only', async () => {
    fakes.jira.setResult(BLOCKERS, issues(250));
    const record = await check({ kind: 'jira_count', jql: BLOCKERS, max: 300 });
    expect(record.status).toBe('pass');
    expect(record.summary).toContain('250 issues');
    expect(fakes.jira.requests.map((r) => r.url.pathname)).toEqual(Array(3).fill('/rest/api/3/search/jql'));
    expect(fakes.jira.requests[1]?.url.searchParams.get('nextPageToken')).toBe('100');
  });

  it('stops reading once the count is over the limit, and says "at least"', async () => {
    fakes.jira.setResult(BLOCKERS, issues(450));
    const record = await check({ kind: 'jira_count', jql: BLOCKERS, max: 0 });
    expect(record.status).toBe('fail');
    expect(record.summary).toContain('at least 100 issues');
    expect(fakes.jira.requests).toHaveLength(1);
  });

  it('puts the fix version into the JQL, quoted; without one the check is unknown', async () => {
    const jql = 'project = REL AND fixVersion = {fix_version} AND status != Done';
    fakes.jira.setResult('project = REL AND fixVersion = "2.4.0" AND status != Done', issues(0));
    expect((await check({ kind: 'jira_count', jql, max: 0 }, { fixVersion: '2.4.0' })).status).toBe('pass');
    expect(await check({ kind: 'jira_count', jql, max: 0 })).toMatchObject({
      status: 'unknown',
      reason: 'no_data',
    });
  });

  it('Basic auth in the header only; a JQL Jira rejects (400) and a 5xx are unknown', async () => {
    fakes.jira.setResult(BLOCKERS, []);
    await check({ kind: 'jira_count', jql: BLOCKERS, max: 0 });
    const basic = Buffer.from(`${fakes.env.JIRA_EMAIL}:${fakes.env.JIRA_API_TOKEN}`).toString('base64');
    expect(fakes.jira.requests[0]?.headers.authorization).toBe(`Basic ${basic}`);
    expect(await check({ kind: 'jira_count', jql: 'not = valid', max: 0 })).toMatchObject({
      status: 'unknown',
      reason: 'error',
    });
    fakes.jira.failAll({ kind: 'status', status: 503 });
    expect(await check({ kind: 'jira_count', jql: BLOCKERS, max: 0 })).toMatchObject({
      status: 'unknown',
      reason: 'error',
    });
  });
});

describe('PagerDuty open incidents', () => {
  const spec = { kind: 'pagerduty_incidents', services: ['P1ABCD2'], urgency: 'high', max: 0 } as const;
  beforeAll(() => fakes.pagerduty.addService('P1ABCD2', 'Ingest API'));

  it.each([
    [[], 'pass'],
    [[{ status: 'triggered', urgency: 'high' }], 'fail'],
    [[{ status: 'acknowledged', urgency: 'high' }], 'fail'],
    [[{ status: 'resolved', urgency: 'high' }], 'pass'],
    [[{ status: 'triggered', urgency: 'low' }], 'pass'],
  ] as const)('incidents %j on the service → %s', async (list, status) => {
    fakes.pagerduty.setIncidents(
      list.map((i) => ({ ...i, service: 'P1ABCD2', title: 'Ingest lag <!channel>' })),
    );
    const record = await check(spec);
    expect(record.status).toBe(status);
    if (status === 'fail') expect(record.facts[0]).toMatchObject({ label: 'Ingest lag <!channel>' });
  });

  it('asks for triggered and acknowledged high-urgency incidents with a Token header, paging by offset', async () => {
    fakes.pagerduty.setIncidents(
      Array.from({ length: 150 }, (_, i) => ({
        service: 'P1ABCD2',
        title: `i${i}`,
        status: 'triggered',
        urgency: 'high',
      })),
    );
    const record = await check({ ...spec, max: 200 });
    expect(record.summary).toContain('150 open high-urgency incidents on Ingest API');
    const lists = fakes.pagerduty.requests.filter((r) => r.url.pathname === '/incidents');
    expect(lists.map((r) => r.url.searchParams.get('offset'))).toEqual([null, '100']);
    expect(lists[0]?.url.searchParams.getAll('statuses[]')).toEqual(['triggered', 'acknowledged']);
    expect(lists[0]?.url.searchParams.getAll('urgencies[]')).toEqual(['high']);
    expect(lists[0]?.headers.authorization).toBe(`Token token=${fakes.env.PAGERDUTY_API_KEY}`);
  });

  it('a service id PagerDuty does not know is unknown (no data), not "no incidents"', async () => {
    fakes.pagerduty.setIncidents([]);
    expect(await check({ ...spec, services: ['PTYPO99'] })).toMatchObject({
      status: 'unknown',
      reason: 'no_data',
    });
  });

  it('a 500, a 429 with Retry-After beyond the wait, and a time-out are unknown', async () => {
    fakes.pagerduty.failAll({ kind: 'status', status: 500 });
    expect((await check(spec)).status).toBe('unknown');
    fakes.pagerduty.failAll({ kind: 'status', status: 429, headers: { 'retry-after': '30' } });
    expect(await check(spec)).toMatchObject({ status: 'unknown', reason: 'error' });
  });
});

describe('Datadog monitor states', () => {
  const spec = {
    kind: 'datadog_monitors',
    tags: ['env:staging', 'service:ingest'],
    warn: 'unknown',
  } as const;
  const expected: Record<(typeof MONITOR_STATES)[number], string> = {
    OK: 'pass',
    Alert: 'fail',
    Warn: 'unknown',
    'No Data': 'unknown',
    Unknown: 'unknown',
    Skipped: 'unknown',
    Ignored: 'unknown',
  };
  it.each(MONITOR_STATES)('one monitor %s (and one OK) → the expected status', async (state) => {
    fakes.datadog.setMonitors([
      { name: 'ingest p99', tags: [...spec.tags], state },
      { name: 'ingest errors', tags: [...spec.tags], state: 'OK' },
    ]);
    expect((await check(spec)).status).toBe(expected[state]);
  });

  it('Warn fails or passes only where the check says so', async () => {
    fakes.datadog.setMonitors([{ name: 'lag', tags: [...spec.tags], state: 'Warn' }]);
    expect((await check({ ...spec, warn: 'fail' })).status).toBe('fail');
    expect((await check({ ...spec, warn: 'pass' })).status).toBe('pass');
  });

  it('no monitor with the tags is unknown (no data), never pass', async () => {
    fakes.datadog.setMonitors([{ name: 'other', tags: ['env:prod'], state: 'OK' }]);
    expect(await check(spec)).toMatchObject({ status: 'unknown', reason: 'no_data' });
    expect(fakes.datadog.requests[0]?.url.searchParams.get('monitor_tags')).toBe(
      'env:staging,service:ingest',
    );
    expect(fakes.datadog.requests[0]?.headers['dd-api-key']).toBe(fakes.env.DATADOG_API_KEY);
  });

  it('pages through monitors (page, page_size)', async () => {
    fakes.datadog.setMonitors(
      Array.from({ length: 130 }, (_, i) => ({
        name: `m${i}`,
        tags: [...spec.tags],
        state: i === 120 ? 'Alert' : 'OK',
      })),
    );
    expect((await check(spec)).status).toBe('fail');
    expect(fakes.datadog.requests.map((r) => r.url.searchParams.get('page'))).toEqual(['0', '1']);
  });

  it('a dropped connection is unknown', async () => {
    fakes.datadog.failAll({ kind: 'drop' });
    expect(await check(spec)).toMatchObject({ status: 'unknown', reason: 'error' });
  });
});
