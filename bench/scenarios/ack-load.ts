import { setTimeout as sleep } from 'node:timers/promises';
import type { FakeSlack } from '../../test/fakes/slack-api.ts';
import { SIGNING_SECRET, startBareApp, startOurApp, type Workdir } from '../lib/apps.ts';
import { driverFor, type OpenedModal, openRequestModal, submitRequestModal } from '../lib/driver.ts';
import { type Fakes, startFakes, streaming } from '../lib/fakes.ts';
import { fixed, ms, percent, type Row, times } from '../lib/format.ts';
import type { LoadGenerator, LoadResult } from '../lib/load.ts';
import type { AppProcess } from '../lib/processes.ts';
import { percentile, ratio, WINDOW_SEC } from '../lib/stats.ts';
import { captureTemplates, type RequestTemplate } from '../lib/templates.ts';
import { sentAtOfTrigger } from '../lib/triggers.ts';
import { pollUntil, waitForQuiet } from '../lib/wait.ts';

export interface AckSettings {
  /** Each connection sends its next request as soon as the last is answered (closed loop). */
  connections: number;
  warmupSec: number;
  /**
   * Measured seconds at `connections`. Longer runs (10 s) saturate this machine's harness core: its
   * fake Slack falls behind the views.open calls and the backlog becomes the app's tail (BENCHMARKS.md).
   */
  durationSec: number;
  /** Measured seconds at one connection (no queueing: a few seconds are plenty). */
  singleConnectionDurationSec: number;
  streamingPlans: number;
  tokensPerSecond: number;
  /**
   * Commands a second sent at a fixed rate over `connections` connections (open loop), to our app
   * only: what a replica answers below saturation, for sizing.
   */
  fixedRates: number[];
}

interface Mode {
  name: string;
  connections: number;
  durationSec: number;
  /** The issue's targets are for the loaded run; the one-connection run shows the cost without queueing. */
  targeted: boolean;
  /** Requests per second in all (open loop); without it, closed loop. */
  ratePerSec?: number;
}

/** Command phases: how long each modal took to open (command sent → views.open at the fake Slack). */
interface ModalTimes {
  opened: number;
  p50: number;
  p99: number;
  max: number;
}

interface Phase {
  modal: ModalTimes | undefined;
  mode: Mode;
  template: RequestTemplate;
  result: LoadResult;
  streaming: [number, number];
  /** The app's CPU time per answered request, less what it spends meanwhile on other work (streams). */
  cpuPerRequestMs: number;
}

const P99_LIMIT_MS = 100;
const BACKGROUND_SAMPLE_MS = 2_000;
const RATIO_LIMIT = 1.5;
/** A trigger_id lives 3 s: every modal must open within it. */
const MODAL_LIMIT_MS = 3_000;
const MODAL_QUIET_MS = 500;

function channelFor(i: number): string {
  return `C0LOAD${String(i).padStart(2, '0')}`;
}

function modesOf(settings: AckSettings): Mode[] {
  return [
    {
      name: `${settings.connections} connections`,
      connections: settings.connections,
      durationSec: settings.durationSec,
      targeted: true,
    },
    {
      name: '1 connection',
      connections: 1,
      durationSec: settings.singleConnectionDurationSec,
      targeted: false,
    },
  ];
}

/** Starts `count` plans (one per channel) and waits until the model is streaming every one. */
async function startStreamingPlans(app: AppProcess, fakes: Fakes, count: number): Promise<OpenedModal[]> {
  const driver = driverFor(app, fakes);
  const opened: OpenedModal[] = [];
  for (let i = 1; i <= count; i++) opened.push(await openRequestModal(driver, channelFor(i)));
  await Promise.all(opened.map((o) => submitRequestModal(driver, o)));
  await pollUntil(() => fakes.models.requests.filter((r) => r.charsSent > 0).length >= count, {
    what: `${count} plans streaming`,
    timeoutMs: 20_000,
    intervalMs: 10,
  });
  return opened;
}

/** CPU ms per wall ms the app spends with no requests coming in (streaming plans, timers). */
async function backgroundCpu(app: AppProcess): Promise<number> {
  const cpu = app.cpuMs();
  await sleep(BACKGROUND_SAMPLE_MS);
  return (app.cpuMs() - cpu) / BACKGROUND_SAMPLE_MS;
}

interface Target {
  slack: FakeSlack;
  app: AppProcess;
  /** CPU ms per wall ms it spends without requests (our app: the streaming plans). */
  background: number;
}

/** One load phase against one app, with the app's CPU time per answered request. */
async function runPhase(
  target: Target,
  mode: Mode,
  template: RequestTemplate,
  load: LoadGenerator,
  settings: AckSettings,
  inFlight: () => number,
): Promise<Phase> {
  const before = inFlight();
  const cpu = target.app.cpuMs();
  const wall = Date.now();
  const result = await load.run({
    url: `http://127.0.0.1:${target.app.port}`,
    template,
    signingSecret: SIGNING_SECRET,
    connections: mode.connections,
    warmupSec: settings.warmupSec,
    durationSec: mode.durationSec,
    ...(mode.ratePerSec ? { ratePerSec: mode.ratePerSec } : {}),
  });
  const busy = target.app.cpuMs() - cpu - target.background * (Date.now() - wall);
  const modal = template.kind === 'command' ? await modalTimes(target.slack, wall) : undefined;
  return {
    mode,
    template,
    result,
    modal,
    streaming: [before, inFlight()],
    cpuPerRequestMs: busy / result.answered,
  };
}

/** Once views.open calls stop coming: the load client's commands sent since `since`, to their modal. */
async function modalTimes(slack: FakeSlack, since: number): Promise<ModalTimes> {
  await waitForQuiet(() => slack.calls.length, MODAL_QUIET_MS, 20_000);
  const times = slack.callsTo('views.open').flatMap((c) => {
    const sent = sentAtOfTrigger(String(c.args.trigger_id ?? ''));
    return sent !== undefined && sent >= since ? [c.at - sent] : [];
  });
  return {
    opened: times.length,
    p50: percentile(times, 50),
    p99: percentile(times, 99),
    max: percentile(times, 100),
  };
}

/**
 * Bare and ours take turns, phase by phase, so that a slow spell of a shared machine falls on both
 * rather than on whichever ran second.
 */
async function runInterleaved(
  ours: Target,
  bare: Target,
  templates: RequestTemplate[],
  load: LoadGenerator,
  settings: AckSettings,
  inFlight: () => number,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const mode of modesOf(settings)) {
    for (const template of templates) {
      const baseline = await runPhase(bare, mode, template, load, settings, inFlight);
      const measured = await runPhase(ours, mode, template, load, settings, inFlight);
      rows.push(...rowsFor(measured, baseline));
    }
  }
  return rows;
}

/**
 * Sizing: the command at fixed rates, to our app alone. The closed loop above keeps the app saturated,
 * where its p99 is set by how fast the machine is that minute; an operator wants to know what a
 * replica answers, and with how much of its core, below that.
 */
async function runFixedRates(
  ours: Target,
  command: RequestTemplate,
  load: LoadGenerator,
  settings: AckSettings,
  inFlight: () => number,
): Promise<Row[]> {
  const rows: Row[] = [];
  for (const rate of settings.fixedRates) {
    const mode: Mode = {
      name: `${rate} commands/s over ${settings.connections} connections`,
      connections: settings.connections,
      durationSec: settings.durationSec,
      targeted: false,
      ratePerSec: rate,
    };
    rows.push(fixedRateRow(await runPhase(ours, mode, command, load, settings, inFlight), rate));
  }
  return rows;
}

function fixedRateRow(phase: Phase, rate: number): Row {
  const { result, modal } = phase;
  return {
    id: idOf(phase, 'p99_ms'),
    measure: `1 ack p50 / p99 at a fixed rate (open loop): ${phase.template.label}, ${phase.mode.name}`,
    num: result.latency.p99,
    unit: 'ms',
    value: latencies(result),
    note: [
      `${fixed(result.perSecond, 0)} answered/s`,
      `app CPU for them ${percent((phase.cpuPerRequestMs * rate) / 1000, 0)} of its core (${ms(phase.cpuPerRequestMs, 2)}/req)`,
      `p99 of each ${WINDOW_SEC} s window ${windows(result)}`,
      // The CPU figure takes out what the streaming plans cost alone: true only while they stream.
      `plans streaming ${phase.streaming[0]}→${phase.streaming[1]}`,
      modal
        ? `modal p99 / max ${ms(modal.p99, 0)} / ${ms(modal.max, 0)}, ${modal.opened} for ${result.answered} commands`
        : '',
      ...failures(result),
    ]
      .filter(Boolean)
      .join(', '),
  };
}

function failures(result: LoadResult): string[] {
  return [
    result.non2xx > 0 ? `${result.non2xx} non-2xx` : '',
    result.errors > 0 ? `${result.errors} errors` : '',
  ].filter(Boolean);
}

function latencies(result: LoadResult): string {
  return `${ms(result.latency.p50)} / ${ms(result.latency.p99)}`;
}

function target(mode: Mode, text: string, met: boolean): Pick<Row, 'target' | 'met'> {
  return mode.targeted ? { target: text, met } : {};
}

/** Stable ids for bench/results.json: `ack.command.p99_ms`, `ack.click.p99_ratio@1`… */
function idOf(phase: Phase, what: string): string {
  const rate = phase.mode.ratePerSec;
  const suffix = rate ? `@${rate}_per_s` : phase.mode.targeted ? '' : `@${phase.mode.connections}`;
  return `ack.${phase.template.kind}.${what}${suffix}`;
}

function rowsFor(ours: Phase, bare: Phase): Row[] {
  const what = `${ours.template.label}, ${ours.mode.name}`;
  const p99Ratio = ratio(ours.result.latency.p99, bare.result.latency.p99);
  const p99Met = ours.result.latency.p99 < P99_LIMIT_MS && ours.result.non2xx === 0;
  return [
    {
      id: idOf(ours, 'p99_ms'),
      measure: `1 ack p50 / p99: ${what}`,
      num: ours.result.latency.p99,
      unit: 'ms',
      value: `${latencies(ours.result)} (bare ${latencies(bare.result)})`,
      ...target(ours.mode, `p99 < ${P99_LIMIT_MS} ms`, p99Met),
      note: [
        `${fixed(ours.result.perSecond, 0)} req/s (bare ${fixed(bare.result.perSecond, 0)})`,
        `app CPU ${ms(ours.cpuPerRequestMs, 2)}/req (bare ${ms(bare.cpuPerRequestMs, 2)})`,
        `n=${ours.result.latency.count} in ${ours.mode.durationSec} s (bare ${bare.result.latency.count})`,
        `p99 of each ${WINDOW_SEC} s window ${windows(ours.result)} (bare ${windows(bare.result)})`,
        `plans streaming ${ours.streaming[0]}→${ours.streaming[1]}`,
        `load client's own event-loop delay p99 / max ${ms(ours.result.clientDelayMs.p99, 0)} / ${ms(ours.result.clientDelayMs.max, 0)} (bare ${ms(bare.result.clientDelayMs.p99, 0)} / ${ms(bare.result.clientDelayMs.max, 0)})`,
        `slowest first answer of ${ours.mode.connections} connections opened at once ${ms(ours.result.firstAnswerMaxMs, 0)} (bare ${ms(bare.result.firstAnswerMaxMs, 0)}), before the measured window`,
        ...failures(ours.result).map((f) => `ours: ${f}`),
        ...failures(bare.result).map((f) => `bare: ${f}`),
      ].join(', '),
    },
    ...worstSecondRows(ours, bare, what),
    ...modalRows(ours, bare, what),
    {
      id: idOf(ours, 'p99_ratio'),
      measure: `1 ack p99 ours / bare: ${what}`,
      num: p99Ratio,
      unit: 'ratio',
      value: times(p99Ratio),
      ...target(ours.mode, `≤ ${RATIO_LIMIT}×`, p99Ratio <= RATIO_LIMIT),
    },
  ];
}

/**
 * At 50 connections, the slowest second's p99 beside the phase's: the phase's p99 depends on whether
 * one of V8's mark-compacts fell in its window (BENCHMARKS.md), and this shows how far a second goes.
 */
function worstSecondRows(ours: Phase, bare: Phase, what: string): Row[] {
  if (!ours.mode.targeted) return [];
  const worst = (p: Phase) => (p.result.windowP99Ms.length ? Math.max(...p.result.windowP99Ms) : Number.NaN);
  return [
    {
      id: idOf(ours, 'p99_worst_window_ms'),
      measure: `1 ack p99 of the slowest ${WINDOW_SEC} s: ${what}`,
      num: worst(ours),
      unit: 'ms',
      value: `${ms(worst(ours), 1)} (bare ${ms(worst(bare), 1)})`,
      note: `no target of its own (the target is the phase's p99); ${ours.result.windowP99Ms.length} windows`,
    },
  ];
}

/** The windows' p99s, lowest–highest. */
function windows(result: LoadResult): string {
  const p99s = result.windowP99Ms;
  if (p99s.length === 0) return 'n/a';
  return `${fixed(Math.min(...p99s), 0)}–${ms(Math.max(...p99s), 0)}`;
}

function modalRows(ours: Phase, bare: Phase, what: string): Row[] {
  if (!ours.modal) return [];
  const missing = ours.result.answered - ours.modal.opened;
  const met = missing <= 0 && ours.modal.max <= MODAL_LIMIT_MS;
  const times = (m: ModalTimes) => `${ms(m.p50, 0)} / ${ms(m.p99, 0)} / ${ms(m.max, 0)}`;
  return [
    {
      id: idOf(ours, 'modal_max_ms'),
      measure: `1 modal p50 / p99 / max: command → views.open, ${what}`,
      value: `${times(ours.modal)}${bare.modal ? ` (bare ${times(bare.modal)})` : ''}`,
      num: ours.modal.max,
      unit: 'ms',
      ...target(ours.mode, `every modal ≤ ${MODAL_LIMIT_MS} ms`, met),
      note: `${ours.modal.opened} modals for ${ours.result.answered} commands acked${bare.modal ? ` (bare ${bare.modal.opened} for ${bare.result.answered})` : ''}`,
    },
  ];
}

/**
 * Measurement 1: the same signed requests over `connections` connections, first against our app
 * while `streamingPlans` plans stream from the fake model, then against a bare Bolt app.
 */
export async function measureAckLatency(
  work: Workdir,
  load: LoadGenerator,
  settings: AckSettings,
): Promise<Row[]> {
  const fakes = await startFakes({ models: { tokensPerSecond: settings.tokensPerSecond } });
  const apps: AppProcess[] = [];
  try {
    // The fake enforces no per-method limit here (as for the bare app): this measures ack cost, and
    // thousands of modals a minute are beyond any workspace's views.open budget anyway.
    const ours = await startOurApp(fakes, work, undefined, { SLACK_METHOD_BUDGET_SHARE: '0' });
    apps.push(ours);
    const [submitted] = await startStreamingPlans(ours, fakes, settings.streamingPlans);
    if (!submitted) throw new Error('no plan was started');
    const templates = await captureTemplates(channelFor(0), submitted);
    // From here on the fake keeps only what the phases read (trigger ids, times): keeping every
    // modal had its scavenges stall it ~30 ms each and hand the apps their answers in bursts.
    fakes.slack.lean = true;
    const bare = await startBareApp(fakes);
    apps.push(bare);
    const targets = {
      ours: { slack: fakes.slack, app: ours, background: await backgroundCpu(ours) },
      bare: { slack: fakes.slack, app: bare, background: await backgroundCpu(bare) },
    };
    const inFlight = () => streaming(fakes.models);
    const rows = await runInterleaved(targets.ours, targets.bare, templates, load, settings, inFlight);
    const command = templates.find((t) => t.kind === 'command');
    const sizing = command ? await runFixedRates(targets.ours, command, load, settings, inFlight) : [];
    return [
      ...rows,
      ...sizing,
      {
        measure: '1 ack: background while measuring',
        value: `${settings.streamingPlans} plans streaming at ${settings.tokensPerSecond} tokens/s each`,
        note: `our app's CPU for them alone: ${percent(targets.ours.background, 0)} of a core (taken out of its CPU/req); they run during the bare phases too`,
      },
    ];
  } finally {
    for (const app of apps) await app.stop();
    await fakes.close();
  }
}
