/** What the provider wire formats share: SSE events, usage numbers and the dialect interface. */

export interface SseEvent {
  /** The `event:` line; omitted where the wire format has none (Chat Completions). */
  event?: string;
  /** JSON-serialised, or sent verbatim when it is the `[DONE]` sentinel. */
  data: unknown;
}

export const DONE: SseEvent = { data: '[DONE]' };

export function formatSse(event: SseEvent): string {
  const data = event.data === '[DONE]' ? '[DONE]' : JSON.stringify(event.data);
  return `${event.event === undefined ? '' : `event: ${event.event}\n`}data: ${data}\n\n`;
}

export interface FakeUsage {
  /** The whole prompt, cached part included. */
  inputTokens: number;
  cachedInputTokens: number;
  cacheCreationInputTokens: number;
  outputTokens: number;
}

export type TextFinish = 'stop' | 'length';

/** One provider's stream, as a sequence of SSE events. A dialect instance serves one request. */
export interface Dialect {
  /** Right after the headers: the message exists, no content yet. */
  opening(usage: FakeUsage): SseEvent[];
  /** Before the first text delta. */
  textStart(): SseEvent[];
  textDelta(delta: string): SseEvent[];
  /** After the last delta: the complete text, why it ended, and the final usage. */
  textEnd(text: string, finish: TextFinish, usage: FakeUsage): SseEvent[];
  /** Everything after the opening for a refused request. */
  refusal(text: string, usage: FakeUsage): SseEvent[];
  /** The JSON body of an HTTP error response. */
  errorBody(status: number, message: string): unknown;
}

/** About four characters a token, like the real tokenisers on English prose and JSON. */
export function tokensFor(chars: number): number {
  return Math.ceil(chars / 4);
}
