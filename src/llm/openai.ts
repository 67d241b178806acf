import type OpenAI from 'openai';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import type { ChatCompletionChunk } from 'openai/resources/chat/completions';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Response, ResponseStreamEvent, ResponseUsage } from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { Usage } from '../plan/model.ts';
import { isConnectionLost } from './connection.ts';
import { parseOutputText } from './json-stream.ts';
import { ModelError, type StructuredModel, type StructuredRequest, type StructuredResult } from './port.ts';
import { perSchema } from './schema-formats.ts';
import { type StreamSupervisor, superviseStream } from './watchdog.ts';

export type OpenAIApiStyle = 'responses' | 'chat';

export interface OpenAIModelOptions {
  /** Built by the caller with apiKey, baseURL, maxRetries and timeout. */
  client: OpenAI;
  /** 'chat' for OpenAI-compatible servers (vLLM, Ollama, Azure…) that lack the Responses API. */
  apiStyle: OpenAIApiStyle;
  idleTimeoutMs: number;
}

export function createOpenAIModel(options: OpenAIModelOptions): StructuredModel {
  return {
    provider: 'openai',
    async generate<S extends z.ZodObject>(req: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>> {
      const started = performance.now();
      const { value, usage, model } =
        options.apiStyle === 'chat'
          ? await generateWithChat(options, req)
          : await generateWithResponses(options, req);
      return { value, usage, model, latencyMs: Math.round(performance.now() - started) };
    },
  };
}

const textFormat = perSchema((schema, name) => zodTextFormat(schema, name));
const responseFormat = perSchema((schema, name) => zodResponseFormat(schema, name));

type Generated<S extends z.ZodObject> = Omit<StructuredResult<z.infer<S>>, 'latencyMs'>;

/** The stable prefix first and in its own part, so that it is the cacheable start of the prompt. */
function nonEmptyParts(req: StructuredRequest<z.ZodObject>): string[] {
  return [req.prefix, req.prompt].filter((text) => text !== '');
}

/**
 * The raw event stream, not the SDK's `responses.stream()` helper: the helper keeps a snapshot of
 * the answer and structured-clones every event twice, which 50 plans streaming at once pay for in
 * memory (issue 14). The answer is read once, from `response.completed`; the zod helper still makes
 * the schema, and the text is parsed and validated here.
 */
async function generateWithResponses<S extends z.ZodObject>(
  options: OpenAIModelOptions,
  req: StructuredRequest<S>,
): Promise<Generated<S>> {
  const abort = new AbortController();
  const supervisor = superviseStream({ ...supervision(options, req), abort: () => abort.abort() });
  try {
    const stream = await options.client.responses.create(
      {
        model: req.model,
        instructions: req.system,
        input: [
          {
            role: 'user',
            content: nonEmptyParts(req).map((text) => ({ type: 'input_text' as const, text })),
          },
        ],
        text: { format: textFormat(req.schema, req.schemaName) },
        max_output_tokens: req.maxOutputTokens,
        prompt_cache_key: req.cacheKey,
        // Plans describe internal systems: do not keep them on the provider side longer than needed.
        store: false,
        stream: true,
      },
      { signal: linkedSignal(abort, req.signal) },
    );
    supervisor.connected();
    const response = await lastResponse(stream, supervisor);
    await supervisor.finish();
    const usage = responsesUsage(response.usage);
    assertResponseFinished(response, usage);
    return {
      value: parseOutputText(req.schema, responseText(response), usage),
      usage,
      model: response.model,
    };
  } catch (error) {
    await supervisor.settle();
    throw supervisor.interruption() ?? toModelError(error, options.client.apiKey ?? '');
  } finally {
    supervisor.stop();
  }
}

/** Feeds the text deltas to the supervisor; returns the response the stream ended with. */
async function lastResponse(stream: AsyncIterable<ResponseStreamEvent>, supervisor: StreamSupervisor) {
  let last: Response | undefined;
  for await (const event of stream) {
    supervisor.progress();
    if (event.type === 'response.output_text.delta') supervisor.text(event.delta);
    else if (ENDINGS.has(event.type) && 'response' in event) last = event.response;
  }
  if (!last) throw new ModelError('api_error', 'The OpenAI stream ended before the response did');
  return last;
}

const ENDINGS = new Set<ResponseStreamEvent['type']>([
  'response.completed',
  'response.incomplete',
  'response.failed',
]);

function responseText(response: Response): string {
  return response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .flatMap((part) => (part.type === 'output_text' ? [part.text] : []))
    .join('');
}

/** Raw chat chunks, not `chat.completions.stream()`, which re-parses the whole answer on every chunk. */
async function generateWithChat<S extends z.ZodObject>(
  options: OpenAIModelOptions,
  req: StructuredRequest<S>,
): Promise<Generated<S>> {
  const abort = new AbortController();
  const supervisor = superviseStream({ ...supervision(options, req), abort: () => abort.abort() });
  try {
    const stream = await options.client.chat.completions.create(
      {
        model: req.model,
        messages: [
          { role: 'system', content: req.system },
          { role: 'user', content: nonEmptyParts(req).map((text) => ({ type: 'text' as const, text })) },
        ],
        response_format: responseFormat(req.schema, req.schemaName),
        max_completion_tokens: req.maxOutputTokens,
        stream: true,
        stream_options: { include_usage: true },
        prompt_cache_key: req.cacheKey,
      },
      { signal: linkedSignal(abort, req.signal) },
    );
    supervisor.connected();
    const completion = await collectChat(stream, supervisor);
    await supervisor.finish();
    const usage = chatUsage(completion.usage);
    assertChatFinished(completion, usage);
    return { value: parseOutputText(req.schema, completion.content, usage), usage, model: completion.model };
  } catch (error) {
    await supervisor.settle();
    throw supervisor.interruption() ?? toModelError(error, options.client.apiKey ?? '');
  } finally {
    supervisor.stop();
  }
}

interface CollectedChat {
  model: string;
  content: string;
  refusal: string;
  finishReason: string | null;
  usage: CompletionUsage | undefined;
}

/** The first choice's text, refusal and finish reason, and the usage chunk. */
async function collectChat(stream: AsyncIterable<ChatCompletionChunk>, supervisor: StreamSupervisor) {
  const collected: CollectedChat = {
    model: '',
    content: '',
    refusal: '',
    finishReason: null,
    usage: undefined,
  };
  for await (const chunk of stream) {
    supervisor.progress();
    collected.model = chunk.model;
    collected.usage = chunk.usage ?? collected.usage;
    const choice = chunk.choices[0];
    if (!choice) continue;
    const delta = choice.delta.content;
    if (delta) {
      collected.content += delta;
      supervisor.text(delta);
    }
    if (choice.delta.refusal) collected.refusal += choice.delta.refusal;
    collected.finishReason = choice.finish_reason ?? collected.finishReason;
  }
  if (collected.finishReason === null) {
    throw new ModelError('api_error', 'The OpenAI stream ended before the completion did');
  }
  return collected;
}

function assertChatFinished(completion: CollectedChat, usage: Usage): void {
  if (completion.refusal) throw new ModelError('refusal', refusalMessage(completion.refusal), { usage });
  if (completion.finishReason === 'length') {
    throw new ModelError('max_tokens', 'The completion was truncated by the token limit', { usage });
  }
  if (completion.finishReason === 'content_filter') {
    throw new ModelError('refusal', 'The completion was stopped by the content filter', { usage });
  }
}

/** Aborted by the supervisor (stall, failed callback) or by the caller. */
function linkedSignal(abort: AbortController, signal: AbortSignal | undefined): AbortSignal {
  return signal ? AbortSignal.any([abort.signal, signal]) : abort.signal;
}

function supervision(options: OpenAIModelOptions, req: StructuredRequest<z.ZodObject>) {
  return { idleTimeoutMs: options.idleTimeoutMs, signal: req.signal, onTopLevelValue: req.onTopLevelValue };
}

/** Responses that ended without a usable answer: refused, truncated or failed. */
function assertResponseFinished(response: Response, usage: Usage): void {
  const refusal = response.output
    .flatMap((item) => (item.type === 'message' ? item.content : []))
    .find((part) => part.type === 'refusal');
  if (refusal) throw new ModelError('refusal', refusalMessage(refusal.refusal), { usage });
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason ?? 'unknown';
    if (reason === 'content_filter') {
      throw new ModelError('refusal', 'The response was stopped by the content filter', { usage });
    }
    throw new ModelError('max_tokens', `The response is incomplete (${reason})`, { usage });
  }
  if (response.status === 'failed') {
    const detail = response.error ? `${response.error.code}: ${response.error.message}` : 'no detail';
    throw new ModelError('api_error', `The response failed (${detail})`, { usage });
  }
}

function refusalMessage(refusal: string): string {
  return `The model refused: ${refusal.slice(0, 300)}`;
}

export function responsesUsage(usage: ResponseUsage | null | undefined): Usage {
  return {
    inputTokens: usage?.input_tokens ?? 0,
    outputTokens: usage?.output_tokens ?? 0,
    cachedInputTokens: usage?.input_tokens_details?.cached_tokens ?? 0,
  };
}

export function chatUsage(usage: CompletionUsage | null | undefined): Usage {
  return {
    inputTokens: usage?.prompt_tokens ?? 0,
    outputTokens: usage?.completion_tokens ?? 0,
    cachedInputTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
  };
}

/** Maps whatever the SDK threw to a ModelError whose message and cause carry no credential. */
export function toModelError(error: unknown, apiKey: string): unknown {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError('aborted', 'The model request was aborted');
  if (error instanceof APIError) return apiError(error, apiKey);
  if (isConnectionLost(error)) {
    return new ModelError('connection_lost', 'The connection to OpenAI dropped in the middle of the answer');
  }
  // Anything else the SDK throws is a malformed or unexpected stream from the server.
  return new ModelError('api_error', `OpenAI stream error: ${redact(errorText(error), apiKey)}`);
}

function apiError(error: APIError, apiKey: string): ModelError {
  const body = z
    .object({ message: z.string().optional(), type: z.string().optional(), code: z.unknown() })
    .safeParse(error.error);
  const what = error instanceof APIConnectionError ? error.message : (body.data?.message ?? error.message);
  const status = error.status === undefined ? '' : ` ${error.status}`;
  const kind = body.data?.type ? ` ${body.data.type}` : '';
  // The cause is a plain summary: the SDK error can echo request details we do not want in logs.
  return new ModelError('api_error', `OpenAI API error${status}${kind}: ${redact(what, apiKey)}`, {
    cause: { status: error.status, type: body.data?.type, requestId: error.requestID ?? undefined },
  });
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

const KEY_PATTERN = /\bsk-[A-Za-z0-9_*-]{6,}/g;

function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey.length >= 8 ? text.replaceAll(apiKey, '[redacted]') : text;
  return withoutKey.replace(KEY_PATTERN, '[redacted]').slice(0, 500);
}
