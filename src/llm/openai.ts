import type OpenAI from 'openai';
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { ContentFilterFinishReasonError, LengthFinishReasonError } from 'openai/error';
import { zodResponseFormat, zodTextFormat } from 'openai/helpers/zod';
import type { CompletionUsage } from 'openai/resources/completions';
import type { Response, ResponseUsage } from 'openai/resources/responses/responses';
import { z } from 'zod';
import type { Usage } from '../plan/model.ts';
import { isConnectionLost } from './connection.ts';
import { schemaMismatch, validateOutput } from './json-stream.ts';
import { ModelError, type StructuredModel, type StructuredRequest, type StructuredResult } from './port.ts';
import { superviseStream } from './watchdog.ts';

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

type Generated<S extends z.ZodObject> = Omit<StructuredResult<z.infer<S>>, 'latencyMs'>;

/** The stable prefix first and in its own part, so that it is the cacheable start of the prompt. */
function nonEmptyParts(req: StructuredRequest<z.ZodObject>): string[] {
  return [req.prefix, req.prompt].filter((text) => text !== '');
}

async function generateWithResponses<S extends z.ZodObject>(
  options: OpenAIModelOptions,
  req: StructuredRequest<S>,
): Promise<Generated<S>> {
  const stream = options.client.responses.stream(
    {
      model: req.model,
      instructions: req.system,
      input: [
        { role: 'user', content: nonEmptyParts(req).map((text) => ({ type: 'input_text' as const, text })) },
      ],
      text: { format: zodTextFormat(req.schema, req.schemaName) },
      max_output_tokens: req.maxOutputTokens,
      prompt_cache_key: req.cacheKey,
      // Plans describe internal systems: do not keep them on the provider side longer than needed.
      store: false,
    },
    { signal: req.signal },
  );
  const supervisor = superviseStream({ ...supervision(options, req), abort: () => stream.abort() });
  stream.on('connect', supervisor.connected);
  stream.on('event', supervisor.progress);
  stream.on('response.output_text.delta', (event) => supervisor.text(event.delta));
  try {
    const response = await stream.finalResponse();
    await supervisor.finish();
    const usage = responsesUsage(response.usage);
    assertResponseFinished(response, usage);
    return { value: validateOutput(req.schema, response.output_parsed, usage), usage, model: response.model };
  } catch (error) {
    await supervisor.settle();
    throw supervisor.interruption() ?? toModelError(error, options.client.apiKey ?? '');
  } finally {
    supervisor.stop();
  }
}

async function generateWithChat<S extends z.ZodObject>(
  options: OpenAIModelOptions,
  req: StructuredRequest<S>,
): Promise<Generated<S>> {
  const stream = options.client.chat.completions.stream(
    {
      model: req.model,
      messages: [
        { role: 'system', content: req.system },
        { role: 'user', content: nonEmptyParts(req).map((text) => ({ type: 'text' as const, text })) },
      ],
      response_format: zodResponseFormat(req.schema, req.schemaName),
      max_completion_tokens: req.maxOutputTokens,
      stream_options: { include_usage: true },
      prompt_cache_key: req.cacheKey,
    },
    { signal: req.signal },
  );
  const supervisor = superviseStream({ ...supervision(options, req), abort: () => stream.abort() });
  stream.on('connect', supervisor.connected);
  stream.on('chunk', supervisor.progress);
  stream.on('content.delta', (event) => supervisor.text(event.delta));
  try {
    const completion = await stream.finalChatCompletion();
    await supervisor.finish();
    const usage = chatUsage(completion.usage);
    const message = completion.choices[0]?.message;
    if (message?.refusal) throw new ModelError('refusal', refusalMessage(message.refusal), { usage });
    return { value: validateOutput(req.schema, message?.parsed, usage), usage, model: completion.model };
  } catch (error) {
    await supervisor.settle();
    throw supervisor.interruption() ?? toModelError(error, options.client.apiKey ?? '');
  } finally {
    supervisor.stop();
  }
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
  if (error instanceof LengthFinishReasonError) {
    return new ModelError('max_tokens', 'The completion was truncated by the token limit');
  }
  if (error instanceof ContentFilterFinishReasonError) {
    return new ModelError('refusal', 'The completion was stopped by the content filter');
  }
  if (error instanceof APIUserAbortError) return new ModelError('aborted', 'The model request was aborted');
  if (error instanceof APIError) return apiError(error, apiKey);
  // The SDK wraps its final JSON.parse / zod failure in an OpenAIError whose cause is the original.
  if (error instanceof Error && error.cause instanceof z.ZodError) return schemaMismatch(error.cause);
  if (error instanceof Error && error.cause instanceof SyntaxError) {
    return new ModelError('invalid_output', "The model's output is not valid JSON", { cause: error.cause });
  }
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
