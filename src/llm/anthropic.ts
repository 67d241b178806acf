import type Anthropic from '@anthropic-ai/sdk';
import { APIConnectionError, APIError, APIUserAbortError } from '@anthropic-ai/sdk';
import { zodOutputFormat } from '@anthropic-ai/sdk/helpers/zod';
import type { Usage as AnthropicUsage, Message, TextBlockParam } from '@anthropic-ai/sdk/resources/messages';
import { z } from 'zod';
import type { Usage } from '../plan/model.ts';
import { isConnectionLost } from './connection.ts';
import { parseOutputText } from './json-stream.ts';
import { ModelError, type StructuredModel, type StructuredRequest, type StructuredResult } from './port.ts';
import { perSchema } from './schema-formats.ts';
import { superviseStream } from './watchdog.ts';

export interface AnthropicModelOptions {
  /** Built by the caller with apiKey, baseURL, maxRetries and timeout. */
  client: Anthropic;
  idleTimeoutMs: number;
}

export function createAnthropicModel(options: AnthropicModelOptions): StructuredModel {
  return {
    provider: 'anthropic',
    async generate<S extends z.ZodObject>(req: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>> {
      const started = performance.now();
      const { value, usage, model } = await generateWithMessages(options, req);
      return { value, usage, model, latencyMs: Math.round(performance.now() - started) };
    },
  };
}

async function generateWithMessages<S extends z.ZodObject>(
  options: AnthropicModelOptions,
  req: StructuredRequest<S>,
): Promise<Omit<StructuredResult<z.infer<S>>, 'latencyMs'>> {
  const stream = options.client.messages.stream(
    {
      model: req.model,
      max_tokens: req.maxOutputTokens,
      system: [{ type: 'text', text: req.system }],
      messages: [{ role: 'user', content: userContent(req.prefix, req.prompt) }],
      output_config: { format: jsonSchemaFormat(req.schema, '') },
    },
    { signal: req.signal },
  );
  const supervisor = superviseStream({
    idleTimeoutMs: options.idleTimeoutMs,
    signal: req.signal,
    onTopLevelValue: req.onTopLevelValue,
    abort: () => stream.abort(),
  });
  stream.on('connect', supervisor.connected);
  // The SDK drops ping events before they get here, so a server that only pings still stalls.
  stream.on('streamEvent', supervisor.progress);
  stream.on('text', (delta) => supervisor.text(delta));
  try {
    const message = await stream.finalMessage();
    await supervisor.finish();
    const usage = messageUsage(message.usage);
    assertMessageFinished(message, usage);
    return { value: parseOutputText(req.schema, messageText(message), usage), usage, model: message.model };
  } catch (error) {
    await supervisor.settle();
    throw supervisor.interruption() ?? toModelError(error, options.client.apiKey ?? '');
  } finally {
    supervisor.stop();
  }
}

/**
 * The JSON schema from the SDK's zod helper, without its parse(): the SDK would parse at
 * message_stop and throw on a truncated or refused answer before stop_reason can say why.
 * We parse and validate the final text ourselves.
 */
const jsonSchemaFormat = perSchema((schema): { type: 'json_schema'; schema: Record<string, unknown> } => ({
  type: 'json_schema',
  schema: zodOutputFormat(schema).schema,
}));

/** The prefix is the cache breakpoint: system prompt and prefix are reused across revisions. */
export function userContent(prefix: string, prompt: string): TextBlockParam[] {
  // The API rejects empty text blocks.
  const blocks: TextBlockParam[] = [];
  if (prefix !== '') blocks.push({ type: 'text', text: prefix, cache_control: { type: 'ephemeral' } });
  if (prompt !== '') blocks.push({ type: 'text', text: prompt });
  return blocks;
}

function messageText(message: Message): string {
  return message.content.flatMap((block) => (block.type === 'text' ? [block.text] : [])).join('');
}

function assertMessageFinished(message: Message, usage: Usage): void {
  switch (message.stop_reason) {
    case 'refusal':
      throw new ModelError('refusal', `The model refused: ${messageText(message).slice(0, 300)}`, { usage });
    case 'max_tokens':
    case 'model_context_window_exceeded':
      throw new ModelError('max_tokens', `The message was truncated (${message.stop_reason})`, { usage });
    default:
      return;
  }
}

/** Anthropic's input_tokens excludes cached tokens: the port's inputTokens is the whole prompt. */
export function messageUsage(usage: AnthropicUsage): Usage {
  const cacheRead = usage.cache_read_input_tokens ?? 0;
  const cacheCreation = usage.cache_creation_input_tokens ?? 0;
  return {
    inputTokens: usage.input_tokens + cacheRead + cacheCreation,
    outputTokens: usage.output_tokens,
    cachedInputTokens: cacheRead,
  };
}

/** Maps whatever the SDK threw to a ModelError whose message and cause carry no credential. */
export function toModelError(error: unknown, apiKey: string): unknown {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError('aborted', 'The model request was aborted');
  if (error instanceof APIError) return apiError(error, apiKey);
  if (isConnectionLost(error)) {
    return new ModelError(
      'connection_lost',
      'The connection to Anthropic dropped in the middle of the answer',
    );
  }
  // Anything else the SDK throws is a malformed or unexpected stream from the server.
  const text = error instanceof Error ? error.message : String(error);
  return new ModelError('api_error', `Anthropic stream error: ${redact(text, apiKey)}`);
}

function apiError(error: APIError, apiKey: string): ModelError {
  const body = z
    .object({ error: z.object({ type: z.string().optional(), message: z.string().optional() }) })
    .safeParse(error.error);
  const detail = body.data?.error;
  const what = error instanceof APIConnectionError ? error.message : (detail?.message ?? error.message);
  const status = error.status === undefined ? '' : ` ${error.status}`;
  const kind = detail?.type ? ` ${detail.type}` : '';
  // The cause is a plain summary: the SDK error can echo request details we do not want in logs.
  return new ModelError('api_error', `Anthropic API error${status}${kind}: ${redact(what, apiKey)}`, {
    cause: { status: error.status, type: detail?.type, requestId: error.requestID ?? undefined },
  });
}

const KEY_PATTERN = /\bsk-(ant-)?[A-Za-z0-9_*-]{6,}/g;

function redact(text: string, apiKey: string): string {
  const withoutKey = apiKey.length >= 8 ? text.replaceAll(apiKey, '[redacted]') : text;
  return withoutKey.replace(KEY_PATTERN, '[redacted]').slice(0, 500);
}
