import { randomUUID } from 'node:crypto';
import { openaiError } from './openai-responses.ts';
import { type Dialect, DONE, type FakeUsage, type SseEvent, type TextFinish } from './wire.ts';

/** The OpenAI Chat Completions stream (POST /v1/chat/completions): `data:` lines only, then [DONE]. */
export function chatDialect(body: Record<string, unknown>): Dialect {
  const id = `chatcmpl-${randomUUID().replaceAll('-', '')}`;
  const created = Math.floor(Date.now() / 1000);
  const includeUsage = isRecord(body.stream_options) && body.stream_options.include_usage === true;
  const chunk = (choices: unknown[], extra: Record<string, unknown> = {}): SseEvent => ({
    data: { id, object: 'chat.completion.chunk', created, model: body.model, choices, ...extra },
  });
  const choice = (delta: Record<string, unknown>, finish: string | null = null) =>
    chunk([{ index: 0, delta, finish_reason: finish, logprobs: null }]);
  const ending = (finish: string, usage: FakeUsage) => [
    choice({}, finish),
    ...(includeUsage ? [chunk([], { usage: wireUsage(usage) })] : []),
    DONE,
  ];

  return {
    opening: () => [choice({ role: 'assistant', content: '', refusal: null })],
    textStart: () => [],
    textDelta: (delta) => [choice({ content: delta })],
    textEnd: (_text: string, finish: TextFinish, usage: FakeUsage) => ending(finish, usage),
    refusal: (text, usage) => [choice({ refusal: text }), ...ending('stop', usage)],
    errorBody: (status, text) => ({ error: openaiError(status, text) }),
  };
}

function wireUsage(usage: FakeUsage) {
  return {
    prompt_tokens: usage.inputTokens,
    completion_tokens: usage.outputTokens,
    total_tokens: usage.inputTokens + usage.outputTokens,
    prompt_tokens_details: { cached_tokens: usage.cachedInputTokens },
  };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}
