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
