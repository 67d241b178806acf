import type { Clock } from '../lib/clock.ts';
import type { CheckSpec, GateDefinition } from './checks.ts';
import { SOURCE_OF } from './checks.ts';
import type { Connector } from './connector.ts';
import { type DatadogSettings, datadogConnector } from './datadog.ts';
import { snapshotOf } from './gate-rule.ts';
import { type GithubSettings, githubConnector } from './github.ts';
import { createEvidenceHttp, type EvidenceHttp } from './http.ts';
import { type JiraSettings, jiraConnector } from './jira.ts';
import { type PagerdutySettings, pagerdutyConnector } from './pagerduty.ts';
import { errorRecord } from './records.ts';
import type { EvidenceInput, EvidenceRecord, EvidenceSnapshot, EvidenceSource } from './types.ts';

/** The configured connectors (from config.ts) and the HTTP layer's bounds. */
export interface EvidenceSettings {
  github?: GithubSettings | undefined;
  jira?: JiraSettings | undefined;
  pagerduty?: PagerdutySettings | undefined;
  datadog?: DatadogSettings | undefined;
  /** Per request. */
  timeoutMs: number;
  /** How long an answer is reused (Refresh evidence never reuses one). */
  cacheMs: number;
  /** The longest Retry-After waited in place. */
  maxRetryWaitMs: number;
  /** The longest one check may take, pages and waits included. */
  checkDeadlineMs: number;
}

/** Runs a policy's gates against the live systems. */
export interface EvidenceCollector {
  /** The sources configured: a gate may only use these. */
  readonly sources: readonly EvidenceSource[];
  collect(
    gates: readonly GateDefinition[],
    input: EvidenceInput,
    options: { fresh: boolean },
  ): Promise<EvidenceSnapshot>;
}

export interface EvidenceIo {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  sleep?: (ms: number) => Promise<void>;
}

export function configuredSources(
  settings: Omit<EvidenceSettings, 'timeoutMs' | 'cacheMs' | 'maxRetryWaitMs' | 'checkDeadlineMs'>,
): EvidenceSource[] {
  return (['github', 'jira', 'pagerduty', 'datadog'] as const).filter((s) => settings[s] !== undefined);
}

export function createEvidenceCollector(settings: EvidenceSettings, io: EvidenceIo): EvidenceCollector {
  const origins = [
    settings.github?.apiUrl,
    settings.jira?.baseUrl,
    settings.pagerduty?.apiUrl,
    settings.datadog?.apiUrl,
  ];
  const http: EvidenceHttp = createEvidenceHttp({
    fetch: io.fetch,
    clock: io.clock,
    allowedOrigins: origins.filter((o): o is string => o !== undefined),
    timeoutMs: settings.timeoutMs,
    cacheMs: settings.cacheMs,
    maxRetryWaitMs: settings.maxRetryWaitMs,
    ...(io.sleep ? { sleep: io.sleep } : {}),
  });
  const connectors: Partial<Record<EvidenceSource, Connector>> = {
    ...(settings.github ? { github: githubConnector(settings.github) as Connector } : {}),
    ...(settings.jira ? { jira: jiraConnector(settings.jira) as Connector } : {}),
    ...(settings.pagerduty ? { pagerduty: pagerdutyConnector(settings.pagerduty) as Connector } : {}),
    ...(settings.datadog ? { datadog: datadogConnector(settings.datadog) as Connector } : {}),
  };
  const run = (
    spec: CheckSpec,
    input: EvidenceInput,
    fetch: typeof globalThis.fetch,
  ): Promise<EvidenceRecord> => {
    const now = io.clock.now();
    const base = { spec, observedAt: now, query: spec.kind };
    const connector = connectors[SOURCE_OF[spec.kind]];
    if (!connector)
      return Promise.resolve(errorRecord(base, `the ${SOURCE_OF[spec.kind]} connector is not configured`));
    return withDeadline(connector({ spec, input, fetch, now }), settings.checkDeadlineMs, () =>
      errorRecord(base, `no answer within ${Math.round(settings.checkDeadlineMs / 1000)} s`),
    );
  };
  return {
    sources: configuredSources(settings),
    async collect(gates, input, { fresh }) {
      const fetch = http.fetcher({ fresh });
      const results = await Promise.all(
        gates.map(async (gate) => ({
          environment: gate.environment,
          checks: await Promise.all(gate.checks.map((spec) => run(spec, input, fetch))),
        })),
      );
      return snapshotOf(results, io.clock.now());
    },
  };
}

function withDeadline<T>(work: Promise<T>, ms: number, late: () => T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<T>((resolve) => {
    timer = setTimeout(() => resolve(late()), ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/** The collector for the configured connectors; none when no connector is configured. */
export function evidenceCollectorFor(
  settings: EvidenceSettings,
  io: EvidenceIo,
): EvidenceCollector | undefined {
  return configuredSources(settings).length > 0 ? createEvidenceCollector(settings, io) : undefined;
}
