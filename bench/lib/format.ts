/** One line of the results table. `met` is undefined where the issue sets no target. */
export interface Row {
  /** Stable id in bench/results.json; default: the measure's text as a slug. */
  id?: string;
  measure: string;
  value: string;
  /** The value as a number for bench/results.json, with its unit; default: read from `value`. */
  num?: number;
  unit?: string;
  target?: string;
  met?: boolean;
  note?: string;
}

export function ms(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)} ms` : 'n/a';
}

export function times(value: number, digits = 2): string {
  return Number.isFinite(value) ? `${value.toFixed(digits)}×` : 'n/a';
}

export function fixed(value: number, digits = 2): string {
  return Number.isFinite(value) ? value.toFixed(digits) : 'n/a';
}

export function percent(value: number, digits = 1): string {
  return Number.isFinite(value) ? `${(value * 100).toFixed(digits)}%` : 'n/a';
}

export function megabytes(kilobytes: number): string {
  return Number.isFinite(kilobytes) ? `${(kilobytes / 1024).toFixed(1)} MB` : 'n/a';
}

/** "1 call, 2.0 KB" / "3 calls, 5.1 KB". */
export function callsAndBytes(calls: number, bytes: number): string {
  return `${calls} call${calls === 1 ? '' : 's'}, ${kilobytes(bytes)}`;
}

export function kilobytes(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function verdict(row: Row): string {
  if (row.met === undefined) return '';
  return row.met ? 'met' : 'MISSED';
}

function escapeCell(text: string): string {
  return text.replaceAll('|', '\\|');
}

/** A Markdown table: readable in a terminal and pasted as is into BENCHMARKS.md. */
export function renderTable(rows: readonly Row[]): string {
  const header = ['measure', 'value', 'target', 'verdict', 'note'];
  const cells = rows.map((r) =>
    [r.measure, r.value, r.target ?? '', verdict(r), r.note ?? ''].map(escapeCell),
  );
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] ?? '').length)));
  const line = (values: string[]) => `| ${values.map((v, i) => v.padEnd(widths[i] ?? 0)).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n');
}
