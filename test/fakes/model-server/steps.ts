/** What the fake answers to one request. */
export type FakeStep =
  /** Streams JSON.stringify(value), `chunkChars` characters a delta (default 40), `delayMs` apart. */
  | { kind: 'json'; value: unknown; chunkChars?: number; delayMs?: number }
  /** Streams `text` as is: truncated or invalid JSON, prose, fenced code… */
  | { kind: 'raw'; text: string; chunkChars?: number; delayMs?: number }
  /** An HTTP error before any stream; `retryAfterMs` sets the retry-after-ms header. */
  | { kind: 'http_error'; status: number; retryAfterMs?: number; message?: string }
  /** Headers and the first `afterChars` characters of the value, then silence until the client aborts. */
  | { kind: 'stall'; afterChars: number; value: unknown; chunkChars?: number; delayMs?: number }
  /** The provider's refusal: a refusal part (Responses), message.refusal (Chat), stop_reason refusal. */
  | { kind: 'refusal'; text: string }
  /** The first `afterChars` characters of the value, then the provider's token-limit stop. */
  | { kind: 'max_tokens'; value: unknown; afterChars: number; chunkChars?: number; delayMs?: number }
  /** Destroys the socket without an answer. */
  | { kind: 'reset' }
  /** Headers and the first `afterChars` characters of the value, then the socket is destroyed mid-stream. */
  | { kind: 'cut'; afterChars: number; value: unknown; chunkChars?: number; delayMs?: number }
  /** Headers and the first `afterChars` characters of the value, then the response ends without its closing events. */
  | { kind: 'ended'; afterChars: number; value: unknown; chunkChars?: number; delayMs?: number };

export const DEFAULT_CHUNK_CHARS = 40;

/** Splits on code points, as a real server never splits a character across deltas. */
export function chunkText(text: string, chunkChars: number): string[] {
  const points = Array.from(text);
  const size = Math.max(1, chunkChars);
  const chunks: string[] = [];
  for (let i = 0; i < points.length; i += size) chunks.push(points.slice(i, i + size).join(''));
  return chunks;
}

export function firstChars(text: string, count: number): string {
  return Array.from(text).slice(0, count).join('');
}

/** The text a streaming step sends, and how its stream ends. */
export function streamedText(step: Exclude<FakeStep, { kind: 'http_error' | 'refusal' | 'reset' }>): {
  text: string;
  end: 'stop' | 'length' | 'stall' | 'cut' | 'ended';
} {
  switch (step.kind) {
    case 'json':
      return { text: JSON.stringify(step.value), end: 'stop' };
    case 'raw':
      return { text: step.text, end: 'stop' };
    case 'stall':
      return { text: firstChars(JSON.stringify(step.value), step.afterChars), end: 'stall' };
    case 'max_tokens':
      return { text: firstChars(JSON.stringify(step.value), step.afterChars), end: 'length' };
    case 'cut':
      return { text: firstChars(JSON.stringify(step.value), step.afterChars), end: 'cut' };
    case 'ended':
      return { text: firstChars(JSON.stringify(step.value), step.afterChars), end: 'ended' };
  }
}
