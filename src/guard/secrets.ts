import { findRandomTokens, isRandomToken } from './entropy.ts';
import { markerSpans, overlaps, redactionMarker, type Span } from './markers.ts';
import { SECRET_PATTERNS, type SecretPattern } from './secret-patterns.ts';

/** One redacted secret: its kind (also shown in the marker) and where it started in the input. */
export type SecretFinding = { kind: string; index: number };
export type Redaction = { text: string; findings: SecretFinding[] };
export type SecretSpan = Span & { kind: string };

export const HIGH_ENTROPY_KIND = 'high_entropy';

/** The part of a match to redact: the `secret*` group that matched, else the whole match. */
function redactedPart(match: RegExpExecArray): Span {
  const groups = match.indices?.groups ?? {};
  for (const [name, range] of Object.entries(groups)) {
    if (name.startsWith('secret') && range) return { start: range[0], end: range[1] };
  }
  return { start: match.index, end: match.index + match[0].length };
}

function patternSpans(text: string, pattern: SecretPattern): SecretSpan[] {
  return [...text.matchAll(pattern.regex)]
    .filter((m) => pattern.accept?.(m) ?? true)
    .map((m) => ({ ...redactedPart(m), kind: pattern.kind }));
}

/** The parts of `span` not covered by any of `taken`. */
function uncovered(span: SecretSpan, taken: readonly Span[]): SecretSpan[] {
  let pieces: SecretSpan[] = [span];
  for (const t of taken) {
    pieces = pieces.flatMap((p) =>
      overlaps(p, t)
        ? [
            { ...p, end: t.start },
            { ...p, start: t.end },
          ].filter((q) => q.end > q.start)
        : [p],
    );
  }
  return pieces;
}

/**
 * Picks non-overlapping spans in priority order (named patterns, then `extra`, e.g. secretlint's,
 * then generic named patterns, then the entropy check), never touching an existing marker.
 *
 * A named-pattern match that overlaps a chosen span keeps its uncovered parts
 * (`password=ab@<private key>` redacts `ab@` too): once the chosen span is a marker, the same regex
 * would match those parts on its own, and redaction must be idempotent. Entropy fragments are kept
 * only when they are still random by themselves; `extra` spans that overlap are dropped whole,
 * because they cover whole constructs (secretlint reports a connection string, not its password).
 */
export function findSecretSpans(text: string, extra: readonly SecretSpan[] = []): SecretSpan[] {
  // Most commands come with no text; going through every pattern for nothing was 2% of their CPU.
  if (text === '') return [];
  const named = (generic: boolean) =>
    SECRET_PATTERNS.filter((p) => (p.generic ?? false) === generic)
      .flatMap((pattern) => patternSpans(text, pattern))
      .map((span) => ({ span, keepPart: () => true }));
  const candidates: { span: SecretSpan; keepPart: (part: string) => boolean }[] = [
    ...named(false),
    ...extra.map((span) => ({ span, keepPart: () => false })),
    ...named(true),
    ...findRandomTokens(text).map((span) => ({
      span: { ...span, kind: HIGH_ENTROPY_KIND },
      keepPart: isRandomToken,
    })),
  ];
  const taken: Span[] = markerSpans(text);
  const accepted: SecretSpan[] = [];
  for (const { span, keepPart } of candidates) {
    const whole = !taken.some((t) => overlaps(t, span));
    for (const piece of uncovered(span, taken)) {
      if (!whole && !keepPart(text.slice(piece.start, piece.end))) continue;
      taken.push(piece);
      accepted.push(piece);
    }
  }
  return accepted.sort((a, b) => a.start - b.start);
}

export function applyRedaction(text: string, spans: readonly SecretSpan[]): Redaction {
  let out = '';
  let cursor = 0;
  for (const span of spans) {
    out += text.slice(cursor, span.start) + redactionMarker(span.kind);
    cursor = span.end;
  }
  return {
    text: out + text.slice(cursor),
    findings: spans.map((s) => ({ kind: s.kind, index: s.start })),
  };
}

/**
 * Replaces every secret-looking string with `[REDACTED:<kind>]`. Synchronous, our own patterns
 * and the entropy check only; see `redactSecretsThorough` for the secretlint-backed variant.
 */
export function redactSecrets(text: string): Redaction {
  return applyRedaction(text, findSecretSpans(text));
}
