import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface MemorySample {
  /** Resident set size now, kB. */
  rssKb: number;
  /** Peak resident set size so far (Linux VmHWM), kB; NaN where the OS does not say. */
  peakKb: number;
}

function statusField(status: string, field: string): number {
  const match = status.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
  return match?.[1] ? Number(match[1]) : Number.NaN;
}

/** The memory of another process, read from outside it so the reader is never counted. */
export function memoryOf(pid: number): MemorySample {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    return { rssKb: statusField(status, 'VmRSS'), peakKb: statusField(status, 'VmHWM') };
  } catch {
    // No /proc (macOS): ps reports RSS in kB, but no peak.
    const rss = Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim());
    return { rssKb: rss, peakKb: Number.NaN };
  }
}

/** The V8 heap of an app process as its /metrics reports it (prom-client's default metrics), bytes. */
export interface HeapReport {
  used: number;
  total: number;
  external: number;
  /** Used bytes per V8 space (old, new, code, large_object…). */
  spaces: Record<string, number>;
}

export async function heapOf(port: number): Promise<HeapReport | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/metrics`, { signal: AbortSignal.timeout(2_000) });
    const text = await res.text();
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? Number.NaN);
    const spaces: Record<string, number> = {};
    for (const m of text.matchAll(/^nodejs_heap_space_size_used_bytes\{space="(\w+)"\} (\S+)/gm)) {
      if (m[1] && m[2]) spaces[m[1]] = Number(m[2]);
    }
    return {
      used: value('nodejs_heap_size_used_bytes'),
      total: value('nodejs_heap_size_total_bytes'),
      external: value('nodejs_external_memory_bytes'),
      spaces,
    };
  } catch {
    return undefined;
  }
}

/** "heap used 41.2 MB of 47.0 (old 30.1, code 4.2, new 2.0, …), external 3.1 MB". */
export function describeHeap(heap: HeapReport | undefined): string {
  if (!heap) return 'no /metrics answer';
  const mb = (b: number) => (b / 1048576).toFixed(1);
  const spaces = Object.entries(heap.spaces)
    .filter(([, b]) => b >= 1048576 / 2)
    .sort((a, b) => b[1] - a[1])
    .map(([s, b]) => `${s.replace(/_space$/, '')} ${mb(b)}`)
    .join(', ');
  return `JS heap used ${mb(heap.used)} MB of ${mb(heap.total)} (${spaces}), external ${mb(heap.external)} MB`;
}
