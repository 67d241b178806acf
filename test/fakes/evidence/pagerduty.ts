import { type FakeServer, startFakeServer } from './server.ts';

/**
 * A local PagerDuty REST API v2 for the evidence connector, following
 * https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents (`GET /incidents`
 * with `service_ids[]`, `statuses[]`, `urgencies[]`, `limit`/`offset`; `{ incidents, limit,
 * offset, more, total: null }`) and https://developer.pagerduty.com/api-reference/165ad96a22ffd-get-a-service
 * (`GET /services/{id}` → `{ service }`, 404 for an unknown id). Writes answer 403, as for a read-only key.
 */
export interface FakeIncident {
  service: string;
  title: string;
  status: 'triggered' | 'acknowledged' | 'resolved';
  urgency: 'high' | 'low';
}

export interface FakePagerduty extends FakeServer {
  addService(id: string, name: string): void;
  setIncidents(incidents: FakeIncident[]): void;
}

export async function startFakePagerduty(): Promise<FakePagerduty> {
  const services = new Map<string, string>();
  let incidents: FakeIncident[] = [];
  const server = await startFakeServer((req) => {
    if (req.method !== 'GET')
      return { status: 403, body: { error: { message: 'Access Denied', code: 2010 } } };
    const service = /^\/services\/([^/]+)$/.exec(req.url.pathname);
    if (service) {
      const id = decodeURIComponent(service[1] ?? '');
      const name = services.get(id);
      if (!name) return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
      return {
        status: 200,
        body: {
          service: {
            id,
            type: 'service',
            summary: name,
            name,
            html_url: `https://acme.pagerduty.example/services/${id}`,
          },
        },
      };
    }
    if (req.url.pathname !== '/incidents')
      return { status: 404, body: { error: { message: 'Not Found', code: 2100 } } };
    const q = req.url.searchParams;
    const ids = q.getAll('service_ids[]');
    const statuses = q.getAll('statuses[]');
    const urgencies = q.getAll('urgencies[]');
    const limit = Number(q.get('limit') ?? 25);
    const offset = Number(q.get('offset') ?? 0);
    const matching = incidents
      .filter(
        (i) =>
          (ids.length === 0 || ids.includes(i.service)) &&
          (statuses.length === 0 || statuses.includes(i.status)),
      )
      .filter((i) => urgencies.length === 0 || urgencies.includes(i.urgency))
      .map((i, n) => ({
        id: `Q${1000 + n}`,
        type: 'incident',
        incident_number: 1000 + n,
        title: i.title,
        status: i.status,
        urgency: i.urgency,
        html_url: `https://acme.pagerduty.example/incidents/Q${1000 + n}`,
        service: { id: i.service, type: 'service_reference', summary: services.get(i.service) ?? i.service },
        created_at: '2026-11-30T07:00:00Z',
      }));
    const page = matching.slice(offset, offset + limit);
    return {
      status: 200,
      body: { incidents: page, limit, offset, more: offset + limit < matching.length, total: null },
    };
  });
  return Object.assign(server, {
    addService(id: string, name: string) {
      services.set(id, name);
    },
    setIncidents(next: FakeIncident[]) {
      incidents = next;
    },
  });
}
