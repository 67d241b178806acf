import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsServer, startMetricsServer } from '../../src/observability/http.ts';
import { createMetrics } from '../../src/observability/metrics.ts';
import { parsePrometheus, sampleValue } from '../support/prometheus.ts';

describe('the metrics server (METRICS_PORT)', () => {
  let server: MetricsServer | undefined;
  afterEach(async () => {
    await server?.close();
    server = undefined;
  });

  it('serves GET /metrics and nothing else, and closes', async () => {
    const metrics = createMetrics();
    metrics.planStarted();
    server = await startMetricsServer(0, metrics, pino({ level: 'silent' }));
    const base = `http://127.0.0.1:${server.port}`;

    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(sampleValue(parsePrometheus(await res.text()), 'release_planner_plans_started_total')).toBe(1);
    expect((await fetch(`${base}/healthz`)).status).toBe(404);
    expect((await fetch(`${base}/metrics`, { method: 'POST' })).status).toBe(404);

    await server.close();
    server = undefined;
    await expect(fetch(`${base}/metrics`)).rejects.toThrow();
  });
});
