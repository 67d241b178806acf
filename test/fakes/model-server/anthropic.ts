import { randomUUID } from 'node:crypto';
import type { Dialect, FakeUsage, SseEvent, TextFinish } from './wire.ts';

/** The Anthropic Messages stream (POST /v1/messages): every event has its mandatory `event:` line. */
export function anthropicDialect(body: Record<string, unknown>): Dialect {
  const id = `msg_${randomUUID().replaceAll('-', '')}`;
  const event = (type: string, fields: Record<string, unknown> = {}): SseEvent => ({
    event: type,
    data: { type, ...fields },
  });
  const textStart = () => [
    event('content_block_start', { index: 0, content_block: { type: 'text', text: '' } }),
  ];
  const textDelta = (text: string) => [
    event('content_block_delta', { index: 0, delta: { type: 'text_delta', text } }),
  ];
  const ending = (stopReason: string, usage: FakeUsage) => [
    event('content_block_stop', { index: 0 }),
    event('message_delta', {
      delta: { stop_reason: stopReason, stop_sequence: null },
      // Cumulative, like the real API.
      usage: { ...inputUsage(usage), output_tokens: usage.outputTokens },
    }),
    event('message_stop'),
  ];

  return {
    opening: (usage) => [
      event('message_start', {
        message: {
          id,
          type: 'message',
          role: 'assistant',
          model: body.model,
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { ...inputUsage(usage), output_tokens: 1 },
        },
      }),
      event('ping'),
    ],
    textStart,
    textDelta,
    textEnd: (_text: string, finish: TextFinish, usage: FakeUsage) =>
      ending(finish === 'stop' ? 'end_turn' : 'max_tokens', usage),
    refusal: (text, usage) => [...textStart(), ...textDelta(text), ...ending('refusal', usage)],
    errorBody: (status, message) => ({
      type: 'error',
      error: { type: errorType(status), message },
      request_id: `req_${randomUUID().replaceAll('-', '')}`,
    }),
  };
}

/** Anthropic reports the uncached part of the prompt as input_tokens. */
function inputUsage(usage: FakeUsage) {
  return {
    input_tokens: usage.inputTokens - usage.cachedInputTokens - usage.cacheCreationInputTokens,
    cache_creation_input_tokens: usage.cacheCreationInputTokens,
    cache_read_input_tokens: usage.cachedInputTokens,
  };
}

function errorType(status: number): string {
  if (status === 429) return 'rate_limit_error';
  if (status === 529) return 'overloaded_error';
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 404) return 'not_found_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}
