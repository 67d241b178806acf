import { writeFileSync } from 'node:fs';
import type { Row } from './format.ts';

/** One line of bench/results.json: the table's row, as a machine reads it. */
export interface Result {
  id: string;
  value: number | null;
  unit: string;
  target: string;
  met: boolean | null;
}

/** "1 ack p50 / p99: slash command, 1 connection" → "1_ack_p50_p99_slash_command_1_connection". */
export function slugOf(measure: string): string {
  return measure
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
}

const UNITS: [RegExp, string][] = [
  [/^-?[\d.]+ ms\b/, 'ms'],
  [/^-?[\d.]+ MB\b/, 'MB'],
  [/^-?[\d.]+ KB\b/, 'KB'],
  [/^-?[\d.]+×/, 'ratio'],
  [/^-?[\d.]+%/, 'percent'],
  [/^-?[\d.]+ calls?\b/, 'calls'],
];

/** The leading number of a printed value ("67.7 ms / …" → 67.7 ms), where a row has no `num`. */
function parsed(value: string): { value: number | null; unit: string } {
  const number = Number.parseFloat(value.replace(/^> /, ''));
  if (!Number.isFinite(number)) return { value: null, unit: '' };
  const unit = UNITS.find(([pattern]) => pattern.test(value.replace(/^> /, '')))?.[1] ?? 'count';
  return { value: number, unit };
}

export function resultOf(row: Row): Result {
  const fallback = parsed(row.value);
  return {
    id: row.id ?? slugOf(row.measure),
    value: row.num !== undefined && Number.isFinite(row.num) ? row.num : fallback.value,
    unit: row.unit ?? fallback.unit,
    target: row.target ?? '',
    met: row.met ?? null,
  };
}

/** Ids are unique: a repeated one (two rows of the same text) gets `_2`, `_3`… */
export function resultsOf(rows: readonly Row[]): Result[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const result = resultOf(row);
    const count = (seen.get(result.id) ?? 0) + 1;
    seen.set(result.id, count);
    return count === 1 ? result : { ...result, id: `${result.id}_${count}` };
  });
}

export function writeResults(file: string, rows: readonly Row[]): void {
  writeFileSync(file, `${JSON.stringify(resultsOf(rows), null, 2)}\n`);
}
