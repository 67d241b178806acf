import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { AppError } from '../../src/errors.ts';
import { cpuTimeOf } from './cpu.ts';
import { appCommand } from './cpus.ts';
import { type MemorySample, memoryOf } from './memory.ts';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

const OUTPUT_TAIL_CHARS = 8_000;
const HEALTHZ_POLL_MS = 5;
const STOP_GRACE_MS = 1_500;

export class AppStartError extends AppError {
  constructor(name: string, reason: string, output: string) {
    super('bench_app_start', `${name} did not become healthy: ${reason}\n--- its output ---\n${output}`);
  }
}

/** An app under test in its own process, so its memory and CPU are its own. */
export interface AppProcess {
  name: string;
  pid: number;
  port: number;
  /** Spawn → first /healthz 200. */
  startupMs: number;
  memory(): MemorySample;
  /** CPU time used so far, ms. */
  cpuMs(): number;
  /** The last few kB of what it printed, for failures. */
  output(): string;
  stop(): Promise<void>;
}

/** Children still running: killed if the benchmark itself exits early (Ctrl-C, a crash). */
const live = new Set<ChildProcess>();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** An ephemeral port on 127.0.0.1 that was free a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (!address || typeof address === 'string') throw new AppError('bench_port', 'no port was assigned');
  return address.port;
}

function keepTail(child: ChildProcess): () => string {
  let tail = '';
  const add = (chunk: Buffer) => {
    tail = (tail + chunk.toString('utf8')).slice(-OUTPUT_TAIL_CHARS);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  return () => tail;
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`, { signal: AbortSignal.timeout(1_000) });
    await res.arrayBuffer();
    return res.status === 200;
  } catch {
    return false;
  }
}

async function waitHealthy(
  child: ChildProcess,
  port: number,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null)
      return `it exited (${child.exitCode ?? child.signalCode})`;
    if (await healthy(port)) return undefined;
    await sleep(HEALTHZ_POLL_MS);
  }
  return `no /healthz 200 within ${timeoutMs} ms`;
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  // Our app finishes in-flight plans on SIGTERM (up to 25 s); a benchmark does not wait for that.
  const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
}

export interface LaunchOptions {
  name: string;
  /** A script under the repo, and its arguments. */
  args: string[];
  env: Record<string, string>;
  port: number;
  timeoutMs?: number;
}

/** Spawns `node <args>` in the repo and waits for GET /healthz to answer 200. */
export async function launch(options: LaunchOptions): Promise<AppProcess> {
  const started = performance.now();
  // taskset execs node: the pid is the app's.
  const { command, args } = appCommand(process.execPath, options.args);
  const child = spawn(command, args, {
    cwd: REPO_ROOT,
    env: options.env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  child.once('exit', () => live.delete(child));
  const output = keepTail(child);
  const problem = await waitHealthy(child, options.port, options.timeoutMs ?? 20_000);
  const startupMs = performance.now() - started;
  if (problem || child.pid === undefined) {
    await stopChild(child);
    throw new AppStartError(options.name, problem ?? 'no pid', output());
  }
  const pid = child.pid;
  return {
    name: options.name,
    pid,
    port: options.port,
    startupMs,
    memory: () => memoryOf(pid),
    cpuMs: () => cpuTimeOf(pid),
    output,
    stop: () => stopChild(child),
  };
}
