import { type FakeServer, startFakeServer } from './server.ts';

/**
 * A local Datadog API for the evidence connector, following
 * https://docs.datadoghq.com/api/latest/monitors/#get-all-monitor-details: `GET /api/v1/monitor`
 * with `monitor_tags` (comma-separated, a monitor must carry all), `page` (from 0) and
 * `page_size`; answers an array of monitors with `overall_state` ∈ Alert, Ignored, No Data, OK,
 * Skipped, Unknown, Warn. Without both DD-API-KEY and DD-APPLICATION-KEY headers it answers 403.
 */
export const MONITOR_STATES = ['Alert', 'Ignored', 'No Data', 'OK', 'Skipped', 'Unknown', 'Warn'] as const;
export interface FakeMonitor {
  name: string;
  tags: string[];
  state: (typeof MONITOR_STATES)[number];
}

export interface FakeDatadog extends FakeServer {
  setMonitors(monitors: FakeMonitor[]): void;
}

export async function startFakeDatadog(): Promise<FakeDatadog> {
  let monitors: FakeMonitor[] = [];
  const server = await startFakeServer((req) => {
    if (req.method !== 'GET') return { status: 405, body: { errors: ['Method Not Allowed'] } };
    if (!req.headers['dd-api-key'] || !req.headers['dd-application-key'])
      return { status: 403, body: { errors: ['Forbidden'] } };
    if (req.url.pathname !== '/api/v1/monitor') return { status: 404, body: { errors: ['Not found'] } };
    const tags = (req.url.searchParams.get('monitor_tags') ?? '').split(',').filter(Boolean);
    const page = Number(req.url.searchParams.get('page') ?? 0);
    const size = Number(req.url.searchParams.get('page_size') ?? 100);
    const all = monitors
      .map((m, i) => ({ ...m, id: 5000 + i }))
      .filter((m) => tags.every((t) => m.tags.includes(t)))
      .map((m) => ({
        id: m.id,
        name: m.name,
        type: 'metric alert',
        query: 'avg(last_5m):avg:system.load.1{*} > 2',
        message: '',
        tags: m.tags,
        overall_state: m.state,
        overall_state_modified: '2026-11-30T07:55:00+00:00',
        options: {},
      }));
    return { status: 200, body: all.slice(page * size, (page + 1) * size) };
  });
  return Object.assign(server, {
    setMonitors(next: FakeMonitor[]) {
      monitors = next;
    },
  });
}
