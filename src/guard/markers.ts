/**
 * The visible marker that replaces a secret. Every detector skips text inside an existing marker,
 * which is what makes redaction idempotent.
 */
export function redactionMarker(kind: string): string {
  return `[REDACTED:${kind}]`;
}

const MARKER = /\[REDACTED:[a-z0-9_]+\]/g;

export type Span = { start: number; end: number };

export function markerSpans(text: string): Span[] {
  return [...text.matchAll(MARKER)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
}

export function overlaps(a: Span, b: Span): boolean {
  return a.start < b.end && b.start < a.end;
}
