import { setTimeout as sleep } from 'node:timers/promises';
import { buildForBench, startOurApp, Workdir } from './lib/apps.ts';
import { driverFor, type OpenedModal, openRequestModal, submitRequestModal } from './lib/driver.ts';
import { startFakes } from './lib/fakes.ts';
import { freePort } from './lib/processes.ts';

/**
 * `node bench/alloc-profile.ts [plans] [seconds]`: what the app allocates while `plans` plans stream
 * (default 50 for 12 s), by function, from V8's sampling heap profiler with collected objects kept
 * (so it counts allocation, not what survives). Issue 14: a heap snapshot shows what a plan keeps;
 * this shows what it churns through, which is what makes the heap grow under load.
 */
const plans = Number(process.argv[2] ?? 50);
const seconds = Number(process.argv[3] ?? 12);

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children?: ProfileNode[];
}

/** A minimal Chrome DevTools Protocol client over the inspector's WebSocket. */
async function inspector(port: number) {
  const targets = (await (await fetch(`http://127.0.0.1:${port}/json/list`)).json()) as {
    webSocketDebuggerUrl: string;
  }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error('the app has no inspector target');
  const socket = new WebSocket(url);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  const waiting = new Map<number, (result: unknown) => void>();
  socket.addEventListener('message', (event) => {
    const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown };
    if (message.id !== undefined) waiting.get(message.id)?.(message.result);
  });
  let next = 0;
  return {
    call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
      next += 1;
      const id = next;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve) => waiting.set(id, resolve as (result: unknown) => void));
    },
    close: () => socket.close(),
  };
}

function frameName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').at(-1) ?? ''}:${lineNumber + 1}`;
}

/** Bytes allocated by each function itself, and under it (each function counted once per stack). */
function tally(root: ProfileNode) {
  const self = new Map<string, number>();
  const under = new Map<string, number>();
  const walk = (node: ProfileNode, stack: Set<string>) => {
    const name = frameName(node);
    self.set(name, (self.get(name) ?? 0) + node.selfSize);
    const here = new Set(stack).add(name);
    for (const frame of here) under.set(frame, (under.get(frame) ?? 0) + node.selfSize);
    for (const child of node.children ?? []) walk(child, here);
  };
  walk(root, new Set());
  return { self, under, total: [...self.values()].reduce((a, b) => a + b, 0) };
}

function print(title: string, bytes: Map<string, number>, total: number, limit: number): void {
  process.stdout.write(`${title}\n`);
  const top = [...bytes].sort((a, b) => b[1] - a[1]).slice(0, limit);
  for (const [name, size] of top) {
    process.stdout.write(`  ${((100 * size) / total).toFixed(1).padStart(5)}%  ${name}\n`);
  }
}

buildForBench();
const work = new Workdir();
const fakes = await startFakes({ models: { tokensPerSecond: 60 } });
const inspectPort = await freePort();
try {
  const app = await startOurApp(fakes, work, undefined, {
    NODE_OPTIONS: `--inspect=127.0.0.1:${inspectPort}`,
  });
  try {
    const devtools = await inspector(inspectPort);
    const driver = driverFor(app, fakes);
    const opened: OpenedModal[] = [];
    for (let i = 0; i < plans; i++) opened.push(await openRequestModal(driver, `C0ALLOC${i % 10}`));
    await devtools.call('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
    await Promise.all(opened.map((o) => submitRequestModal(driver, o)));
    await sleep(seconds * 1000);
    const { profile } = await devtools.call<{ profile: { head: ProfileNode } }>('HeapProfiler.stopSampling');
    devtools.close();
    const { self, under, total } = tally(profile.head);
    process.stdout.write(
      `${(total / 1048576).toFixed(1)} MB allocated (sampled) in ${seconds} s by ${plans} plans streaming: ${(total / 1048576 / plans).toFixed(2)} MB a plan\n`,
    );
    print('by function itself', self, total, 25);
    print('by function and what it calls', under, total, 40);
  } finally {
    await app.stop();
  }
} finally {
  await fakes.close();
  work.remove();
}
