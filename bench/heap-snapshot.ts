import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildForBench, startOurApp, Workdir } from './lib/apps.ts';
import { driverFor, type OpenedModal, openRequestModal, submitRequestModal } from './lib/driver.ts';
import { startFakes } from './lib/fakes.ts';
import { type HeapGroup, summarizeHeap } from './lib/heap.ts';
import { pollUntil } from './lib/wait.ts';

/**
 * `node bench/heap-snapshot.ts [plans] [dir]`: V8 heap snapshots of the app (compiled, as in
 * production) at idle and with `plans` plans streaming, summed by type
 * and by constructor, with the difference per plan. Issue 14: what the memory is made of.
 */
const plans = Number(process.argv[2] ?? 50);
const dir = path.resolve(process.argv[3] ?? 'profiles/heap');
mkdirSync(dir, { recursive: true });

async function snapshot(pid: number): Promise<string> {
  const before = new Set(readdirSync(dir));
  process.kill(pid, 'SIGUSR2');
  let file: string | undefined;
  await pollUntil(
    () => {
      file = readdirSync(dir).find((f) => !before.has(f) && f.endsWith('.heapsnapshot'));
      return file !== undefined;
    },
    { what: 'a heap snapshot', timeoutMs: 60_000, intervalMs: 200 },
  );
  // The file appears when writing starts: wait until it holds the whole JSON document.
  const written = path.join(dir, file ?? '');
  await pollUntil(() => readFileSync(written, 'latin1').trimEnd().endsWith('}'), {
    what: 'the heap snapshot written',
    timeoutMs: 120_000,
    intervalMs: 1_000,
  });
  return written;
}

function mb(bytes: number): string {
  return `${(bytes / 1048576).toFixed(2)} MB`;
}

function print(title: string, groups: HeapGroup[], limit = 15): void {
  process.stdout.write(`${title}\n`);
  for (const g of groups.slice(0, limit))
    process.stdout.write(`  ${mb(g.bytes).padStart(10)}  ${g.count.toString().padStart(7)}  ${g.what}\n`);
}

function diff(busy: HeapGroup[], idle: HeapGroup[]): HeapGroup[] {
  const base = new Map(idle.map((g) => [g.what, g]));
  return busy
    .map((g) => ({
      what: g.what,
      bytes: g.bytes - (base.get(g.what)?.bytes ?? 0),
      count: g.count - (base.get(g.what)?.count ?? 0),
    }))
    .sort((a, b) => b.bytes - a.bytes);
}

buildForBench();
const work = new Workdir();
const fakes = await startFakes({ models: { tokensPerSecond: 60 } });
try {
  const app = await startOurApp(fakes, work, undefined, {
    NODE_OPTIONS: `--heapsnapshot-signal=SIGUSR2 --diagnostic-dir=${dir}`,
  });
  try {
    await sleep(1_000);
    const idle = summarizeHeap(await snapshot(app.pid));
    const driver = driverFor(app, fakes);
    const opened: OpenedModal[] = [];
    for (let i = 0; i < plans; i++) opened.push(await openRequestModal(driver, `C0HEAP${i % 10}`));
    await Promise.all(opened.map((o) => submitRequestModal(driver, o)));
    await pollUntil(() => fakes.models.requests.filter((r) => r.charsSent > 0).length >= plans, {
      what: `${plans} plans streaming`,
      timeoutMs: 30_000,
    });
    await sleep(3_000);
    const busy = summarizeHeap(await snapshot(app.pid));
    process.stdout.write(
      `heap at idle ${mb(idle.total)}, with ${plans} plans streaming ${mb(busy.total)}: ${mb((busy.total - idle.total) / plans)} per plan\n`,
    );
    print('idle, by type', idle.byType, 10);
    print('idle, by constructor', idle.byName, 20);
    print(`added by ${plans} plans in flight, by constructor`, diff(busy.byName, idle.byName), 25);
  } finally {
    await app.stop();
  }
} finally {
  await fakes.close();
  work.remove();
}
