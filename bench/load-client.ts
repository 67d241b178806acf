import { Agent, request as httpRequest } from 'node:http';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import autocannon from 'autocannon';
import { sign } from '../test/fakes/slack-client.ts';
import { type LatencySummary, percentile, summarizeLatencies, WINDOW_SEC } from './lib/stats.ts';
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
  /**
   * Open loop: requests at even intervals, this many a second over at most `connections` sockets,
   * whatever the answers do. Without it, closed loop: each connection sends again once answered.
   */
  ratePerSec?: number;
}

export interface LoadResult {
  /** Once every connection has had an answer and the warm-up is over: the steady state. */
  latency: LatencySummary;
  /** 2xx answers during warm-up and measurement: what the server's CPU time was spent on. */
  answered: number;
  perSecond: number;
  non2xx: number;
  errors: number;
  /**
   * Opening `connections` connections at once to a saturated Node server: the slowest first answer.
   * Node accepts one new connection per event-loop turn while the open ones keep it busy (BENCHMARKS.md).
   */
  firstAnswerMaxMs: number;
  /**
   * This process's own event-loop delay while measuring (p99, max): an answer that arrives while
   * the load client is busy (signing the next requests, or off the CPU) is timed late by as much.
   */
  clientDelayMs: { p99: number; max: number };
  /**
   * The p99 of each WINDOW_SEC of the measurement, in order: under load V8's major collections come
   * every few seconds, and a window's p99 depends on whether one fell in it (BENCHMARKS.md).
   */
  windowP99Ms: number[];
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

/** Long enough for any warm-up; the run is stopped once it has measured `durationSec`. */
const MAX_RUN_SEC = 120;
/** A connection still unanswered this long after the warm-up does not hold the measurement back. */
const RAMP_LIMIT_MS = 15_000;

/**
 * One autocannon run over the same connections throughout: answers before every connection has had
 * one, or within `warmupSec`, are warm-up; the next `durationSec` seconds are measured. (Two runs,
 * warm-up then measurement, measured 50 connections being opened into a busy server again.)
 */
function run(job: LoadJob): Promise<LoadResult> {
  const firstAnswers = new Map<unknown, number>();
  const measured: number[] = [];
  const windows: number[][] = [];
  const started = performance.now();
  let answered = 0;
  let measuringSince: number | undefined;
  return new Promise((resolve, reject) => {
    const instance = autocannon({
      url: job.url,
      connections: job.connections,
      duration: MAX_RUN_SEC,
      timeout: 10,
      requests: [{ setupRequest: (request) => ({ ...request, ...signedRequest(job) }) }],
    });
    const delay = monitorEventLoopDelay({ resolution: 1 });
    instance.then((result) => {
      delay.disable();
      const windowSec = (performance.now() - (measuringSince ?? started)) / 1000;
      resolve({
        latency: summarizeLatencies(measured),
        answered,
        perSecond: measured.length / windowSec,
        non2xx: result.non2xx,
        errors: result.errors,
        firstAnswerMaxMs: Math.max(...firstAnswers.values()),
        clientDelayMs: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
        // A last window shorter than half the others says little: left out.
        windowP99Ms: windows
          .filter((w, i) => i < windows.length - 1 || w.length >= (windows[0]?.length ?? 0) / 2)
          .map((w) => percentile(w, 99)),
      });
    }, reject);
    instance.on('response', (client, status, _bytes, responseTime) => {
      if (status < 200 || status >= 300) return;
      answered += 1;
      if (!firstAnswers.has(client)) firstAnswers.set(client, responseTime);
      const now = performance.now();
      if (measuringSince === undefined) {
        const elapsed = now - started - job.warmupSec * 1000;
        const warm = (firstAnswers.size >= job.connections && elapsed >= 0) || elapsed >= RAMP_LIMIT_MS;
        if (!warm) return;
        measuringSince = now;
        delay.enable();
        setTimeout(() => instance.stop(), job.durationSec * 1000);
        return;
      }
      measured.push(responseTime);
      const window = Math.floor((now - measuringSince) / (WINDOW_SEC * 1000));
      while (windows.length <= window) windows.push([]);
      windows[window]?.push(responseTime);
    });
  });
}

/**
 * Open loop at `ratePerSec`: each request is sent when its turn comes (every 1000 / rate ms) and
 * timed from then, so a server that falls behind is charged the wait (no coordinated omission).
 * autocannon's rate mode fires every connection at once, in bursts of `connections`.
 */
function runAtRate(job: LoadJob, ratePerSec: number): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL('/slack/events', job.url);
  const measured: number[] = [];
  const windows: number[][] = [];
  const counts = { answered: 0, non2xx: 0, errors: 0, firstAnswerMs: Number.NaN };
  const delay = monitorEventLoopDelay({ resolution: 1 });
  const started = performance.now();
  const measureFrom = started + job.warmupSec * 1000;
  const stopAt = measureFrom + job.durationSec * 1000;
  let sent = 0;
  const answered = (dueAt: number, status: number) => {
    const now = performance.now();
    const latency = now - dueAt;
    if (Number.isNaN(counts.firstAnswerMs)) counts.firstAnswerMs = latency;
    if (status < 200 || status >= 300) {
      counts.non2xx += 1;
      return;
    }
    counts.answered += 1;
    if (dueAt < measureFrom || dueAt >= stopAt) return;
    measured.push(latency);
    const window = Math.floor((dueAt - measureFrom) / (WINDOW_SEC * 1000));
    while (windows.length <= window) windows.push([]);
    windows[window]?.push(latency);
  };
  const send = (dueAt: number) =>
    new Promise<void>((resolve) => {
      const { method, headers, body } = signedRequest(job);
      const req = httpRequest(url, { method, headers, agent }, (res) => {
        res.resume();
        // 'close' comes after the end or after a cut: a cut answer is an error, never a hang.
        res.once('close', () => {
          if (res.complete) answered(dueAt, res.statusCode ?? 0);
          else counts.errors += 1;
          resolve();
        });
      });
      req.setTimeout(10_000, () => req.destroy(new Error('no answer within 10 s')));
      req.once('error', () => {
        counts.errors += 1;
        resolve();
      });
      req.end(body);
    });
  return new Promise((resolve) => {
    const inFlight = new Set<Promise<void>>();
    const tick = () => {
      const now = performance.now();
      if (now >= measureFrom) delay.enable();
      // Request k is due at k × 1000 / rate ms: every one due before now, and none from stopAt on.
      const due = Math.ceil(((Math.min(now, stopAt) - started) * ratePerSec) / 1000);
      for (; sent < due; sent++) {
        const request = send(started + (sent * 1000) / ratePerSec);
        inFlight.add(request);
        void request.then(() => inFlight.delete(request));
      }
      if (now < stopAt) {
        setTimeout(tick, 1);
        return;
      }
      void Promise.all(inFlight).then(() => {
        delay.disable();
        agent.destroy();
        resolve({
          latency: summarizeLatencies(measured),
          answered: counts.answered,
          perSecond: measured.length / job.durationSec,
          non2xx: counts.non2xx,
          errors: counts.errors,
          firstAnswerMaxMs: counts.firstAnswerMs,
          clientDelayMs: { p99: delay.percentile(99) / 1e6, max: delay.max / 1e6 },
          windowP99Ms: windows.map((w) => percentile(w, 99)),
        });
      });
    };
    tick();
  });
}

// The parent gone, nothing is left to do.
process.on('disconnect', () => process.exit(0));

process.on('message', (job: LoadJob) => {
  (job.ratePerSec ? runAtRate(job, job.ratePerSec) : run(job)).then(
    (result) => process.send?.({ type: 'result', result } satisfies LoadMessage),
    (err: unknown) => process.send?.({ type: 'error', message: String(err) } satisfies LoadMessage),
  );
});
