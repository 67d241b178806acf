import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEvidenceHttp, type EvidenceHttpOptions, MAX_BODY_CHARS } from '../../src/evidence/http.ts';
import { type FakeServer, startFakeServer } from '../fakes/evidence/server.ts';

let server: FakeServer;
let other: FakeServer;
let now = Date.parse('2026-11-30T09:00:00Z');
const clock = { now: () => new Date(now) };
const waits: number[] = [];

beforeAll(async () => {
  server = await startFakeServer((req) =>
    req.url.pathname === '/redirect'
      ? { status: 302, headers: { location: `${other.url}/x` } }
      : { status: 200, body: { n: server.requests.length } },
  );
  other = await startFakeServer(() => ({ status: 200, body: {} }));
});
afterAll(async () => {
  await server.close();
  await other.close();
});
beforeEach(() => {
  server.requests.length = 0;
  other.requests.length = 0;
  server.failAll(undefined);
  waits.length = 0;
  now += 3_600_000;
});

function http(overrides: Partial<EvidenceHttpOptions> = {}) {
  return createEvidenceHttp({
    fetch: globalThis.fetch,
    clock,
    allowedOrigins: [server.url],
    timeoutMs: 300,
    cacheMs: 60_000,
    maxRetryWaitMs: 1000,
    sleep: async (ms) => {
      waits.push(ms);
    },
    ...overrides,
  });
}

describe('the GET-only evidence HTTP layer', () => {
  it.each(['POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'])(
    'refuses %s before anything is sent',
    async (method) => {
      const fetch = http().fetcher({ fresh: true });
      await expect(fetch(`${server.url}/x`, { method })).rejects.toMatchObject({ code: 'not_get' });
      expect(server.requests).toEqual([]);
    },
  );

  it('refuses hosts that are not configured, and redirects (even to a configured host)', async () => {
    const fetch = http().fetcher({ fresh: true });
    await expect(fetch(`${other.url}/x`)).rejects.toMatchObject({ code: 'host_not_allowed' });
    await expect(fetch(`${server.url}/redirect`)).rejects.toMatchObject({ code: 'network' });
    expect(other.requests).toEqual([]);
  });

  it('times out a slow answer within its bound', async () => {
    server.fault({ kind: 'slow', delayMs: 2000 });
    const started = Date.now();
    await expect(http().fetcher({ fresh: true })(`${server.url}/x`)).rejects.toMatchObject({
      code: 'timeout',
    });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('caches an answer for a short time; fresh asks again', async () => {
    const layer = http();
    const first = await (await layer.fetcher({ fresh: false })(`${server.url}/a`)).json();
    const cached = await (await layer.fetcher({ fresh: false })(`${server.url}/a`)).json();
    expect(cached).toEqual(first);
    expect(server.requests).toHaveLength(1);
    await layer.fetcher({ fresh: true })(`${server.url}/a`);
    expect(server.requests).toHaveLength(2);
    now += 61_000;
    await layer.fetcher({ fresh: false })(`${server.url}/a`);
    expect(server.requests).toHaveLength(3);
  });

  it('waits a short Retry-After once, then asks again', async () => {
    server.fault({ kind: 'status', status: 429, headers: { 'retry-after': '1' } });
    const res = await http().fetcher({ fresh: true })(`${server.url}/x`);
    expect(res.status).toBe(200);
    expect(waits).toEqual([1000]);
    expect(server.requests).toHaveLength(2);
  });

  it('a long Retry-After (or an exhausted GitHub limit) closes the host until then: no request meanwhile', async () => {
    const layer = http();
    server.fault({
      kind: 'status',
      status: 403,
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(Math.floor(now / 1000) + 600) },
    });
    expect((await layer.fetcher({ fresh: true })(`${server.url}/x`)).status).toBe(403);
    await expect(layer.fetcher({ fresh: true })(`${server.url}/x`)).rejects.toMatchObject({
      code: 'rate_limited',
    });
    expect(server.requests).toHaveLength(1);
    now += 601_000;
    expect((await layer.fetcher({ fresh: true })(`${server.url}/x`)).status).toBe(200);
  });

  it('does not read an answer larger than any evidence page', async () => {
    server.fault({ kind: 'status', status: 200, body: 'x'.repeat(MAX_BODY_CHARS + 1) });
    await expect(http().fetcher({ fresh: true })(`${server.url}/x`)).rejects.toMatchObject({
      code: 'network',
      message: expect.stringContaining('more than'),
    });
  });

  it('a 403 without rate-limit headers is an answer, not a wait', async () => {
    server.fault({ kind: 'status', status: 403 });
    expect((await http().fetcher({ fresh: true })(`${server.url}/x`)).status).toBe(403);
    expect(waits).toEqual([]);
  });
});
