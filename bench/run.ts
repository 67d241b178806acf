import { availableParallelism, cpus, loadavg } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { errorMessage } from '../src/errors.ts';
import { buildForBench, Workdir } from './lib/apps.ts';
import { pinHarness } from './lib/cpus.ts';
import { ms, type Row, renderTable } from './lib/format.ts';
import { LoadGenerator } from './lib/load.ts';
import { writeResults } from './lib/results.ts';
import { median } from './lib/stats.ts';
import { type AckSettings, measureAckLatency } from './scenarios/ack-load.ts';
import { type BusyAfternoonSettings, measureBusyAfternoon } from './scenarios/busy-afternoon.ts';
import { type ClaimSettings, measureClaims } from './scenarios/claims.ts';
import { type MemorySettings, measureMemory } from './scenarios/memory.ts';
import { type DatabaseSettings, measureDatabases } from './scenarios/postgres.ts';
import { measureRateLimit, type RateLimitSettings } from './scenarios/rate-limit.ts';
import { measureReview } from './scenarios/review.ts';
import { measureSinglePlan } from './scenarios/single-plan.ts';
import { measureStartup } from './scenarios/startup.ts';

/**
 * `npm run bench`: every measurement of issue 5 in one run, printed as one table of figures and
 * ratios. Nothing here asserts: a missed target is a row marked MISSED. Everything runs on
 * 127.0.0.1 against the fakes of test/fakes, each app in its own process.
 */
const SETTINGS = {
  startupLaunches: 3,
  ack: {
    connections: 50,
    warmupSec: 1,
    durationSec: 3,
    singleConnectionDurationSec: 3,
    streamingPlans: 20,
    /** Slow enough that every plan is still streaming when the last phase ends (about a minute). */
    tokensPerSecond: 20,
    fixedRates: [100, 500, 1_000],
  } satisfies AckSettings,
  firstSectionTokensPerSecond: 60,
  rateLimit: { plans: 10, perChannelPerSec: 1, burst: 3, capMs: 90_000 } satisfies RateLimitSettings,
  /** Lets the rate-limit run's opening burst pass before timing-sensitive work starts beside it. */
  rateLimitHeadStartMs: 2_000,
  /** Issue 14: 20 plans within a minute across 10 channels, 60 approval clicks over two minutes. */
  busyAfternoon: {
    plans: 20,
    channels: 10,
    plansOverMs: 57_000,
    clicks: 60,
    clicksOverMs: 120_000,
    tokensPerSecond: 200,
    postPerChannelPerSec: 1,
    postBurst: 3,
    capMs: 300_000,
  } satisfies BusyAfternoonSettings,
  memory: { plans: 50, channels: 10, tokensPerSecond: 60, sampleMs: 8_000 } satisfies MemorySettings,
  /** The plan streams slowly enough that the review runs while sections 4–6 are still coming. */
  reviewTokensPerSecond: 400,
  claims: { turns: 200, perTurn: 50 } satisfies ClaimSettings,
  databases: {
    startupLaunches: 3,
    clicks: 400,
    concurrency: 20,
    tokensPerSecond: 400,
  } satisfies DatabaseSettings,
} as const;

function progress(message: string): void {
  process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

/** `npm run bench -- --only NAME`: the scenarios whose name contains NAME (e.g. `databases`). */
const ONLY = parseArgs({ options: { only: { type: 'string' } } }).values.only;

/**
 * One line per table row, for machines. A run with --only writes a file git ignores, so
 * bench/results.json always comes from one whole run.
 */
const RESULTS_FILE = fileURLToPath(new URL('results.json', import.meta.url));
const PARTIAL_RESULTS_FILE = fileURLToPath(new URL('results.partial.json', import.meta.url));

/** A scenario that throws becomes a row; the others still run. */
async function attempt(name: string, run: () => Promise<Row[]>, failed: string[]): Promise<Row[]> {
  if (ONLY !== undefined && !name.includes(ONLY)) return [];
  progress(`${name}…`);
  try {
    return await run();
  } catch (err) {
    failed.push(name);
    progress(`${name} failed: ${errorMessage(err)}`);
    return [
      { measure: `${name}: could not measure`, value: 'error', note: errorMessage(err).split('\n')[0] ?? '' },
    ];
  }
}

async function startupRows(work: Workdir): Promise<Row[]> {
  const samples = await measureStartup(work, SETTINGS.startupLaunches);
  return [
    {
      measure: '5 start-up: spawn → /healthz 200 (SQLite, fresh file)',
      value: ms(median(samples), 0),
      note: `median of ${samples.length}: ${samples.map((s) => ms(s, 0)).join(', ')}`,
    },
  ];
}

/** The rate-limit run mostly waits on Slack's limit, so the single-plan and memory runs go beside it. */
async function concurrentRows(work: Workdir, failed: string[]): Promise<Row[]> {
  let submitted: () => void = () => undefined;
  const burstOver = new Promise<void>((resolve) => {
    submitted = resolve;
  });
  const rateLimit = attempt(
    '3 rate limit',
    () => measureRateLimit(work, { ...SETTINGS.rateLimit, onSubmitted: submitted }),
    failed,
  );
  await Promise.race([burstOver, rateLimit]);
  if (ONLY === undefined) await sleep(SETTINGS.rateLimitHeadStartMs);
  const single = await attempt(
    '2/3/6 single plan',
    () => measureSinglePlan(work, SETTINGS.firstSectionTokensPerSecond),
    failed,
  );
  const memory = await attempt('4 memory', () => measureMemory(work, SETTINGS.memory), failed);
  return [...single, ...(await rateLimit), ...memory];
}

/** Rows in the order (1 … 6), keeping each measurement's own order (the sort is stable). */
function byMeasurement(rows: readonly Row[]): Row[] {
  return rows.toSorted((a, b) => a.measure.charAt(0).localeCompare(b.measure.charAt(0)));
}

function machine(): string {
  const model = cpus()[0]?.model.trim() ?? 'unknown CPU';
  return `${availableParallelism()} cores (${model}), Node ${process.version}, ${process.platform}/${process.arch}`;
}

/** Other work on the machine moves every latency: the 1-minute load average says how much there was. */
function load1(): string {
  return (loadavg()[0] ?? Number.NaN).toFixed(2);
}

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = load1();
  // Before pinning: afterwards this process sees only the harness's CPUs.
  const machineText = machine();
  const cpus = pinHarness();
  progress(cpus);
  progress('building (dist/)…');
  buildForBench();
  const work = new Workdir();
  process.once('exit', () => work.remove());
  const load = new LoadGenerator();
  const failed: string[] = [];
  try {
    const rows = [
      ...(await attempt('5 start-up', () => startupRows(work), failed)),
      ...(await attempt('1 ack latency', () => measureAckLatency(work, load, SETTINGS.ack), failed)),
      ...(await concurrentRows(work, failed)),
      // Alone: its latencies (click → update, command → modal) are the point.
      ...(await attempt(
        '3b busy afternoon',
        () => measureBusyAfternoon(work, SETTINGS.busyAfternoon),
        failed,
      )),
      ...(await attempt('7 databases', () => measureDatabases(work, SETTINGS.databases), failed)),
      ...(await attempt('8 review', () => measureReview(work, SETTINGS.reviewTokensPerSecond), failed)),
      ...(await attempt('9 claims', () => measureClaims(work, SETTINGS.claims), failed)),
    ];
    process.stdout.write(`\nRelease Planner benchmarks — ${new Date().toISOString()}\n`);
    process.stdout.write(`Machine: ${machineText}\n`);
    process.stdout.write(`CPUs: ${cpus}\n`);
    process.stdout.write(`Load average (1 min): ${loadBefore} before, ${load1()} after\n`);
    process.stdout.write(`Command: npm run bench (total ${ms(Date.now() - started, 0)})\n\n`);
    const table = byMeasurement(rows);
    process.stdout.write(`${renderTable(table)}\n`);
    const results = ONLY === undefined ? RESULTS_FILE : PARTIAL_RESULTS_FILE;
    writeResults(results, table);
    process.stdout.write(`\nResults: ${path.relative(process.cwd(), results)}\n`);
  } finally {
    await load.close();
    work.remove();
  }
  if (failed.length > 0) {
    process.stderr.write(`Could not measure: ${failed.join(', ')}\n`);
    process.exitCode = 1;
  }
}

// Ctrl-C: exit through 'exit' handlers, which stop the app processes this run started.
process.once('SIGINT', () => process.exit(130));

await main();
