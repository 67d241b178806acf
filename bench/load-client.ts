import autocannon from 'autocannon';
import { sign } from '../test/fakes/slack-client.ts';
import { type LatencySummary, summarizeLatencies } from './lib/stats.ts';
import type { RequestTemplate } from './lib/templates.ts';
import { loadTriggerId } from './lib/triggers.ts';

/**
 * The load generator, in its own process so that neither the fakes nor the app under test share
 * its event loop. Driven over IPC by bench/lib/load.ts: one job at a time.
 */
export interface LoadJob {
  url: string;
  template: RequestTemplate;
  signingSecret: string;
  connections: number;
  warmupSec: number;
  durationSec: number;
}

export interface LoadResult {
  latency: LatencySummary;
  /** 2xx answers during warm-up and measurement: what the server's CPU time was spent on. */
  answered: number;
  perSecond: number;
  non2xx: number;
  errors: number;
}

export type LoadMessage = { type: 'result'; result: LoadResult } | { type: 'error'; message: string };

let sent = 0;

/**
 * Each delivery unique, as Slack's are: a command gets a new trigger_id; an interactive payload a
 * new trigger_id and action_ts (the app drops repeats of those as duplicate deliveries).
 */
function bodyFor(template: RequestTemplate): string {
  sent += 1;
  const form = new URLSearchParams(template.body);
  if (template.kind === 'command') {
    form.set('trigger_id', loadTriggerId());
    return form.toString();
  }
  const payload = JSON.parse(form.get('payload') ?? '{}') as {
    trigger_id?: string;
    actions?: { action_ts?: string }[];
  };
  payload.trigger_id = loadTriggerId();
  for (const action of payload.actions ?? []) {
    action.action_ts = `${Math.floor(Date.now() / 1000)}.${String(sent % 1_000_000).padStart(6, '0')}`;
  }
  form.set('payload', JSON.stringify(payload));
  return form.toString();
}

/** Signed as Slack signs: the signature covers the timestamp and this exact body. */
function signedRequest(job: LoadJob) {
  const body = bodyFor(job.template);
  const timestamp = Math.floor(Date.now() / 1000);
  return {
    method: 'POST',
    path: '/slack/events',
    headers: {
      'content-type': job.template.contentType,
      'x-slack-request-timestamp': String(timestamp),
      'x-slack-signature': sign(job.signingSecret, body, timestamp),
    },
    body,
  };
}

function fire(job: LoadJob, durationSec: number, latencies: number[]) {
  const instance = autocannon({
    url: job.url,
    connections: job.connections,
    duration: durationSec,
    timeout: 10,
    requests: [{ setupRequest: (request) => ({ ...request, ...signedRequest(job) }) }],
  });
  instance.on('response', (_client, status, _bytes, responseTime) => {
    if (status >= 200 && status < 300) latencies.push(responseTime);
  });
  return instance;
}

async function run(job: LoadJob): Promise<LoadResult> {
  const warmup: number[] = [];
  if (job.warmupSec > 0) await fire(job, job.warmupSec, warmup);
  const latencies: number[] = [];
  const result = await fire(job, job.durationSec, latencies);
  return {
    latency: summarizeLatencies(latencies),
    answered: warmup.length + latencies.length,
    perSecond: latencies.length / result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
  };
}

// The parent gone, nothing is left to do.
process.on('disconnect', () => process.exit(0));

process.on('message', (job: LoadJob) => {
  run(job).then(
    (result) => process.send?.({ type: 'result', result } satisfies LoadMessage),
    (err: unknown) => process.send?.({ type: 'error', message: String(err) } satisfies LoadMessage),
  );
});
