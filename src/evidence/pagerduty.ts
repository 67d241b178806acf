import { z } from 'zod';
import type { PagerdutyIncidents } from './checks.ts';
import { answered, type Connector, EvidenceAnswerError, getJson, MAX_PAGES } from './connector.ts';
import { evidenceRecord, plural, type RecordBase } from './records.ts';
import type { EvidenceRecord } from './types.ts';

/**
 * PagerDuty: open incidents of the gate's services,
 * `GET /incidents?service_ids[]=…&statuses[]=triggered&statuses[]=acknowledged[&urgencies[]=high]`
 * (offset paging, `more`), after `GET /services/{id}` for each service, so that a mistyped id is
 * "no data", not "no incidents" (https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents).
 * Header `Authorization: Token token=…` (a read-only key).
 */
export interface PagerdutySettings {
  apiKey: string;
  apiUrl: string;
}

export const PagerdutyIncident = z.object({
  id: z.string(),
  title: z.string(),
  status: z.string(),
  urgency: z.string(),
  html_url: z.string().optional(),
});
export type PagerdutyIncident = z.infer<typeof PagerdutyIncident>;
const IncidentsPage = z.object({ incidents: z.array(PagerdutyIncident), more: z.boolean().optional() });
const ServiceAnswer = z.object({ service: z.object({ id: z.string(), name: z.string().optional() }) });

const PAGE_SIZE = 100;

/** Open incidents → record (pure): more than `max` fails. */
export function pagerdutyRecord(
  base: RecordBase,
  spec: PagerdutyIncidents,
  incidents: readonly PagerdutyIncident[],
  services: readonly string[],
): EvidenceRecord {
  const kind = spec.urgency === 'any' ? 'open incident' : `open ${spec.urgency}-urgency incident`;
  const counted = `${plural(incidents.length, kind)} on ${services.join(', ')}`;
  const facts = incidents.map((i) => ({
    label: i.title,
    value: `${i.status}, ${i.urgency} urgency`,
    ...(i.html_url ? { link: i.html_url } : {}),
  }));
  const allowed = `(at most ${spec.max} allowed)`;
  if (incidents.length > spec.max) {
    return evidenceRecord(base, {
      status: 'fail',
      reason: 'threshold',
      summary: `${counted} ${allowed}`,
      facts,
    });
  }
  return evidenceRecord(base, { status: 'pass', reason: 'ok', summary: `${counted} ${allowed}`, facts });
}

export function pagerdutyConnector(settings: PagerdutySettings): Connector<PagerdutyIncidents> {
  const root = settings.apiUrl.replace(/\/+$/, '');
  const headers = {
    authorization: `Token token=${settings.apiKey}`,
    accept: 'application/vnd.pagerduty+json;version=2',
  };
  return async ({ spec, fetch, now }) => {
    const query = incidentsQuery(spec, 0);
    const base: RecordBase = {
      spec,
      observedAt: now,
      query: `GET /incidents?${decodeURIComponent(query.toString())}`,
    };
    return answered(base, async () => {
      const names: string[] = [];
      for (const id of spec.services) {
        const url = new URL(`${root}/services/${encodeURIComponent(id)}`);
        const res = await fetch(url, { method: 'GET', headers });
        if (res.status === 404) {
          return evidenceRecord(base, {
            status: 'unknown',
            reason: 'no_data',
            summary: `service ${id} does not exist in PagerDuty (404)`,
          });
        }
        if (!res.ok) throw new EvidenceAnswerError(`${url.host} answered HTTP ${res.status}`);
        const parsed = ServiceAnswer.safeParse(await res.json().catch(() => null));
        if (!parsed.success) throw new EvidenceAnswerError(`${url.host} answered in an unexpected shape`);
        names.push(parsed.data.service.name ?? id);
      }
      const incidents: PagerdutyIncident[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${root}/incidents?${incidentsQuery(spec, page * PAGE_SIZE).toString()}`);
        const answer = await getJson(fetch, url, headers, IncidentsPage);
        incidents.push(...answer.incidents);
        if (answer.more !== true || incidents.length > spec.max)
          return pagerdutyRecord(base, spec, incidents, names);
      }
      return pagerdutyRecord(base, spec, incidents, names);
    });
  };
}

function incidentsQuery(spec: PagerdutyIncidents, offset: number): URLSearchParams {
  const q = new URLSearchParams();
  for (const id of spec.services) q.append('service_ids[]', id);
  q.append('statuses[]', 'triggered');
  q.append('statuses[]', 'acknowledged');
  if (spec.urgency !== 'any') q.append('urgencies[]', spec.urgency);
  q.set('limit', String(PAGE_SIZE));
  if (offset > 0) q.set('offset', String(offset));
  return q;
}
