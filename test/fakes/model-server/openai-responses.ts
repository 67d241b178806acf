import { randomUUID } from 'node:crypto';
import { type Dialect, DONE, type FakeUsage, type SseEvent, type TextFinish } from './wire.ts';

/** The OpenAI Responses API stream (POST /v1/responses), in the order the real API sends it. */
export function responsesDialect(body: Record<string, unknown>): Dialect {
  const responseId = `resp_${randomUUID().replaceAll('-', '')}`;
  const itemId = `msg_${randomUUID().replaceAll('-', '')}`;
  const createdAt = Math.floor(Date.now() / 1000);
  let sequence = 0;
  const event = (type: string, fields: Record<string, unknown>): SseEvent => ({
    event: type,
    data: { type, sequence_number: sequence++, ...fields },
  });
  const response = (status: string, output: unknown[], extra: Record<string, unknown> = {}) => ({
    id: responseId,
    object: 'response',
    created_at: createdAt,
    status,
    model: body.model,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    prompt_cache_key: body.prompt_cache_key ?? null,
    text: body.text ?? { format: { type: 'text' } },
    tools: [],
    tool_choice: 'auto',
    parallel_tool_calls: true,
    metadata: {},
    error: null,
    incomplete_details: null,
    usage: null,
    output,
    ...extra,
  });
  const message = (status: string, content: unknown[]) => ({
    id: itemId,
    type: 'message',
    role: 'assistant',
    status,
    content,
  });
  const at = { item_id: itemId, output_index: 0, content_index: 0 };
  const ending = (status: string, part: Record<string, unknown>, usage: FakeUsage, extra = {}) => [
    event('response.content_part.done', { ...at, part }),
    event('response.output_item.done', { output_index: 0, item: message(status, [part]) }),
    event(status === 'completed' ? 'response.completed' : 'response.incomplete', {
      response: response(status, [message(status, [part])], { usage: wireUsage(usage), ...extra }),
    }),
    DONE,
  ];

  return {
    opening: () => [
      event('response.created', { response: response('in_progress', []) }),
      event('response.in_progress', { response: response('in_progress', []) }),
      event('response.output_item.added', { output_index: 0, item: message('in_progress', []) }),
    ],
    textStart: () => [
      event('response.content_part.added', {
        ...at,
        part: { type: 'output_text', text: '', annotations: [] },
      }),
    ],
    textDelta: (delta) => [event('response.output_text.delta', { ...at, delta, logprobs: [] })],
    textEnd: (text: string, finish: TextFinish, usage: FakeUsage) => {
      const part = { type: 'output_text', text, annotations: [], logprobs: [] };
      const done = event('response.output_text.done', { ...at, text, logprobs: [] });
      return finish === 'stop'
        ? [done, ...ending('completed', part, usage)]
        : [
            done,
            ...ending('incomplete', part, usage, { incomplete_details: { reason: 'max_output_tokens' } }),
          ];
    },
    refusal: (text, usage) => {
      const part = { type: 'refusal', refusal: text };
      return [
        event('response.content_part.added', { ...at, part: { type: 'refusal', refusal: '' } }),
        event('response.refusal.delta', { ...at, delta: text }),
        event('response.refusal.done', { ...at, refusal: text }),
        ...ending('completed', part, usage),
      ];
    },
    errorBody: (status, text) => ({ error: openaiError(status, text) }),
  };
}

function wireUsage(usage: FakeUsage) {
  return {
    input_tokens: usage.inputTokens,
    input_tokens_details: { cached_tokens: usage.cachedInputTokens },
    output_tokens: usage.outputTokens,
    output_tokens_details: { reasoning_tokens: 0 },
    total_tokens: usage.inputTokens + usage.outputTokens,
  };
}

/** The error object both OpenAI APIs send with an HTTP error status. */
export function openaiError(status: number, message: string) {
  const [type, code] =
    status === 429
      ? ['requests', 'rate_limit_exceeded']
      : status === 401
        ? ['invalid_request_error', 'invalid_api_key']
        : status >= 500
          ? ['server_error', null]
          : ['invalid_request_error', null];
  return { message, type, param: null, code };
}
