import { setTimeout as sleep } from 'node:timers/promises';
import { startBareApp, startOurApp, type Workdir } from '../lib/apps.ts';
import { driverFor, type OpenedModal, openRequestModal, submitRequestModal } from '../lib/driver.ts';
import type { Fakes } from '../lib/fakes.ts';
import { startFakes, streaming } from '../lib/fakes.ts';
import { megabytes, type Row, times } from '../lib/format.ts';
import { describeHeap, type HeapReport, heapOf, type MemorySample } from '../lib/memory.ts';
import { pollUntil } from '../lib/wait.ts';

export interface MemorySettings {
  plans: number;
  channels: number;
  tokensPerSecond: number;
  /** How long RSS is sampled once every plan is streaming. */
  sampleMs: number;
}

const RSS_LIMIT_KB = 150 * 1024;
/** Issue 14: idle RSS ≤ 1.25× the bare Bolt app's, each plan in flight ≤ 0.4 MB. */
const IDLE_RATIO_LIMIT = 1.25;
const PER_PLAN_LIMIT_MB = 0.4;
const SETTLE_MS = 1_000;
const SAMPLE_EVERY_MS = 200;

function heapGrowth(idle: HeapReport | undefined, busy: HeapReport | undefined): number {
  return (busy?.used ?? Number.NaN) - (idle?.used ?? Number.NaN);
}

async function sampleMax(read: () => MemorySample, forMs: number): Promise<MemorySample> {
  let max: MemorySample = read();
  const until = Date.now() + forMs;
  while (Date.now() < until) {
    await sleep(SAMPLE_EVERY_MS);
    const now = read();
    if (now.rssKb > max.rssKb) max = now;
  }
  return read().peakKb > max.peakKb ? { ...max, peakKb: read().peakKb } : max;
}

/** The baseline: the bare Bolt app (same Node, same type stripping) after start-up. */
async function bareIdle(fakes: Fakes): Promise<MemorySample> {
  const bare = await startBareApp(fakes);
  try {
    await sleep(SETTLE_MS);
    return bare.memory();
  } finally {
    await bare.stop();
  }
}

/**
 * Measurement 4: the RSS of the app's process (read from /proc, so the fakes and this process are
 * not counted) when idle after start-up, and while `plans` plans stream at once.
 */
export async function measureMemory(work: Workdir, settings: MemorySettings): Promise<Row[]> {
  const fakes = await startFakes({ models: { tokensPerSecond: settings.tokensPerSecond } });
  try {
    const bare = await bareIdle(fakes);
    const app = await startOurApp(fakes, work);
    try {
      await sleep(SETTLE_MS);
      const idle = app.memory();
      const idleHeap = await heapOf(app.port);
      const driver = driverFor(app, fakes);
      const opened: OpenedModal[] = [];
      for (let i = 0; i < settings.plans; i++) {
        opened.push(await openRequestModal(driver, `C0MEM${i % settings.channels}`));
      }
      await Promise.all(opened.map((o) => submitRequestModal(driver, o)));
      await pollUntil(() => fakes.models.requests.filter((r) => r.charsSent > 0).length >= settings.plans, {
        what: `${settings.plans} plans streaming`,
        timeoutMs: 30_000,
        intervalMs: 20,
      });
      const busy = await sampleMax(() => app.memory(), settings.sampleMs);
      const busyHeap = await heapOf(app.port);
      const inFlight = streaming(fakes.models);
      const sections = fakes.slack
        .callsTo('chat.postMessage')
        .filter((c) => c.args.thread_ts !== undefined).length;
      const idleRatio = idle.rssKb / bare.rssKb;
      const perPlanMb = (busy.rssKb - idle.rssKb) / 1024 / settings.plans;
      return [
        {
          id: 'memory.idle_ratio',
          measure: '4 RSS at idle, ours / bare Bolt',
          value: times(idleRatio),
          num: idleRatio,
          unit: 'ratio',
          target: `≤ ${IDLE_RATIO_LIMIT}×`,
          met: idleRatio <= IDLE_RATIO_LIMIT,
        },
        {
          id: 'memory.per_plan_mb',
          measure: '4 RSS per plan in flight ((in flight − idle) / plans)',
          value: `${perPlanMb.toFixed(2)} MB`,
          num: perPlanMb,
          unit: 'MB',
          target: `≤ ${PER_PLAN_LIMIT_MB} MB`,
          met: perPlanMb <= PER_PLAN_LIMIT_MB,
        },
        {
          id: 'memory.idle_mb',
          measure: '4 RSS at idle (after start-up)',
          value: megabytes(idle.rssKb),
          note: `bare Bolt app at idle: ${megabytes(bare.rssKb)}`,
        },
        {
          id: 'memory.in_flight_mb',
          measure: `4 RSS with ${settings.plans} plans in flight (max sampled)`,
          value: megabytes(busy.rssKb),
          target: `< ${megabytes(RSS_LIMIT_KB)}`,
          met: busy.rssKb < RSS_LIMIT_KB,
          note: `peak RSS (VmHWM) ${megabytes(busy.peakKb)}; ${inFlight} still streaming at the end; ${sections} thread messages posted meanwhile`,
        },
        {
          id: 'memory.idle_heap_mb',
          measure: '4 what idle RSS is made of',
          value: megabytes((idleHeap?.total ?? Number.NaN) / 1024),
          note: `${describeHeap(idleHeap)}; the rest of RSS (${megabytes(idle.rssKb - (idleHeap?.total ?? 0) / 1024)}): Node and V8 themselves, compiled code, native modules (SQLite), buffers`,
        },
        {
          id: 'memory.in_flight_heap_mb',
          measure: `4 what ${settings.plans} plans in flight add to the heap`,
          value: megabytes(heapGrowth(idleHeap, busyHeap) / 1024),
          note: `${describeHeap(busyHeap)}; heap used per plan ${(heapGrowth(idleHeap, busyHeap) / 1048576 / settings.plans).toFixed(2)} MB (bench/heap-snapshot.ts breaks it down by constructor)`,
        },
      ];
    } finally {
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
}
