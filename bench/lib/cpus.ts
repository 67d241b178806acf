import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/**
 * The apps under test run on CPUs of their own, the harness (this process with the fakes, the load
 * client, the build) on the others. In production Slack, the model providers and the people
 * clicking are on other machines; sharing two cores with them, an ack waited for the fake Slack
 * and autocannon to get off the core (BENCHMARKS.md, issue 14), and that is not the app's latency.
 */
let appCpus: string | undefined;

/** The CPUs this process may run on, from /proc/self/status ("0-1", "0,2-3"). */
function allowedCpus(): number[] {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const list = /^Cpus_allowed_list:\s*(\S+)/m.exec(status)?.[1] ?? '';
    return list.split(',').flatMap((part) => {
      const [from, to = from] = part.split('-').map(Number);
      if (from === undefined || to === undefined || Number.isNaN(from) || Number.isNaN(to)) return [];
      return Array.from({ length: to - from + 1 }, (_, i) => from + i);
    });
  } catch {
    return [];
  }
}

function taskset(args: string[]): boolean {
  return spawnSync('taskset', args, { stdio: 'ignore' }).status === 0;
}

/**
 * Moves every thread of this process to the lower half of its CPUs and keeps the upper half for
 * the apps launched afterwards (children forked later inherit the harness's CPUs). Returns what
 * was done, for the report's header.
 */
export function pinHarness(): string {
  const cpus = allowedCpus();
  if (cpus.length < 2) return `not pinned (${cpus.length || 'unknown'} CPU): apps and harness share`;
  const harness = cpus.slice(0, Math.floor(cpus.length / 2)).join(',');
  const apps = cpus.slice(Math.floor(cpus.length / 2)).join(',');
  if (!taskset(['-a', '-p', '-c', harness, String(process.pid)])) {
    return 'not pinned (no taskset): apps and harness share the CPUs';
  }
  appCpus = apps;
  return `apps under test on CPU ${apps}, harness (fakes, load client) on CPU ${harness} (taskset)`;
}

/** `node <args>`, on the apps' CPUs once pinHarness() has kept some for them. */
export function appCommand(node: string, args: string[]): { command: string; args: string[] } {
  return appCpus === undefined
    ? { command: node, args }
    : { command: 'taskset', args: ['-c', appCpus, node, ...args] };
}
