import { z } from 'zod';
import type { DatadogMonitors } from './checks.ts';
import { answered, type Connector, getJson, MAX_PAGES } from './connector.ts';
import { evidenceRecord, plural, type RecordBase } from './records.ts';
import type { EvidenceRecord, EvidenceStatus } from './types.ts';

/**
 * Datadog: monitors carrying every tag of the check,
 * `GET /api/v1/monitor?monitor_tags=a,b&page=N&page_size=100` (an array of monitors with
 * `overall_state` ∈ Alert, Ignored, No Data, OK, Skipped, Unknown, Warn;
 * https://docs.datadoghq.com/api/latest/monitors/#get-all-monitor-details). Headers DD-API-KEY and
 * DD-APPLICATION-KEY (an application key scoped to monitors_read).
 */
export interface DatadogSettings {
  apiKey: string;
  appKey: string;
  apiUrl: string;
}

export const DatadogMonitor = z.object({ id: z.number(), name: z.string(), overall_state: z.string() });
export type DatadogMonitor = z.infer<typeof DatadogMonitor>;

const PAGE_SIZE = 100;

/** OK passes; Alert fails; Warn as the check says (unknown by default); anything else is unknown. */
export function monitorStatus(state: string, warn: DatadogMonitors['warn']): EvidenceStatus {
  if (state === 'OK') return 'pass';
  if (state === 'Alert') return 'fail';
  if (state === 'Warn') return warn;
  return 'unknown';
}

/** Monitors → record (pure): none matched is no data; any failing fails; any unknown is unknown. */
export function datadogRecord(
  base: RecordBase,
  spec: DatadogMonitors,
  monitors: readonly DatadogMonitor[],
  webOrigin: string,
): EvidenceRecord {
  if (monitors.length === 0) {
    return evidenceRecord(base, {
      status: 'unknown',
      reason: 'no_data',
      summary: `no monitor carries the tags ${spec.tags.join(', ')}`,
    });
  }
  const judged = monitors.map((m) => ({ m, status: monitorStatus(m.overall_state, spec.warn) }));
  const rank = { fail: 0, unknown: 1, pass: 2 } as const;
  judged.sort((a, b) => rank[a.status] - rank[b.status]);
  const facts = judged.map(({ m }) => ({
    label: m.name,
    value: m.overall_state,
    link: `${webOrigin}/monitors/${m.id}`,
  }));
  const failed = judged.filter((j) => j.status === 'fail');
  const unknown = judged.filter((j) => j.status === 'unknown');
  const of = plural(monitors.length, 'monitor');
  if (failed.length > 0) {
    return evidenceRecord(base, {
      status: 'fail',
      reason: 'threshold',
      summary: `${failed.length} of ${of} failing: ${states(failed)}`,
      facts,
    });
  }
  if (unknown.length > 0) {
    return evidenceRecord(base, {
      status: 'unknown',
      reason: 'no_data',
      summary: `${unknown.length} of ${of} not OK: ${states(unknown)}`,
      facts,
    });
  }
  return evidenceRecord(base, { status: 'pass', reason: 'ok', summary: `all ${of} OK`, facts });
}

function states(judged: readonly { m: DatadogMonitor }[]): string {
  return judged.map(({ m }) => `${m.name} (${m.overall_state})`).join(', ');
}

export function datadogConnector(settings: DatadogSettings): Connector<DatadogMonitors> {
  const root = settings.apiUrl.replace(/\/+$/, '');
  const headers = { 'dd-api-key': settings.apiKey, 'dd-application-key': settings.appKey };
  const web = datadogWebOrigin(root);
  return async ({ spec, fetch, now }) => {
    const tags = spec.tags.join(',');
    const base: RecordBase = {
      spec,
      observedAt: now,
      query: `GET /api/v1/monitor?monitor_tags=${tags}`,
      link: `${web}/monitors/manage?q=${encodeURIComponent(spec.tags.map((t) => `tag:"${t}"`).join(' '))}`,
    };
    return answered(base, async () => {
      const monitors: DatadogMonitor[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const url = new URL(`${root}/api/v1/monitor`);
        url.searchParams.set('monitor_tags', tags);
        url.searchParams.set('page', String(page));
        url.searchParams.set('page_size', String(PAGE_SIZE));
        const answer = await getJson(fetch, url, headers, z.array(DatadogMonitor));
        monitors.push(...answer);
        if (answer.length < PAGE_SIZE) return datadogRecord(base, spec, monitors, web);
      }
      // Monitors beyond the pages read are unseen: what was read may fail the check, never pass it.
      const read = datadogRecord(base, spec, monitors, web);
      if (read.status !== 'pass') return read;
      const summary = `more than ${monitors.length} monitors carry these tags: narrow them`;
      return evidenceRecord(base, { status: 'unknown', reason: 'no_data', summary, facts: read.facts });
    });
  };
}

/** https://api.datadoghq.eu → https://app.datadoghq.eu; https://api.us3.datadoghq.com → https://us3.datadoghq.com. */
export function datadogWebOrigin(apiUrl: string): string {
  const url = new URL(apiUrl);
  if (!url.host.startsWith('api.')) return url.origin;
  const site = url.host.slice(4);
  return `https://${site.startsWith('datadoghq.') ? `app.${site}` : site}`;
}
