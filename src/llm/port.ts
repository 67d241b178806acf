import type { z } from 'zod';

export const PROVIDERS = ['openai', 'anthropic'] as const;
export type Provider = (typeof PROVIDERS)[number];

/** A model the requester may pick: one of the configured provider/model pairs. */
export interface ModelChoice {
  /** Stable id used in the modal and in the store, e.g. "openai:gpt-5.5". */
  id: string;
  provider: Provider;
  model: string;
  /** Human label, e.g. "OpenAI · gpt-5.5". */
  label: string;
}

export interface Usage {
  inputTokens: number;
  outputTokens: number;
  cachedInputTokens: number;
}

export interface StructuredRequest<S extends z.ZodObject> {
  model: string;
  system: string;
  /**
   * The stable, cacheable prefix of the user turn (request, current plan), then the
   * variable part (feedback). Adapters mark the prefix for prompt caching.
   */
  prefix: string;
  prompt: string;
  schema: S;
  schemaName: string;
  maxOutputTokens: number;
  /** Groups requests that share a prefix (OpenAI `prompt_cache_key`). */
  cacheKey?: string;
  /** Called once per completed top-level property of the streamed JSON, in stream order. */
  onTopLevelValue?: (key: string, value: unknown) => void | Promise<void>;
  signal?: AbortSignal;
}

export interface StructuredResult<T> {
  value: T;
  usage: Usage;
  model: string;
  latencyMs: number;
}

/** One port for both providers: stream a JSON object that must match `schema`. */
export interface StructuredModel {
  readonly provider: Provider;
  generate<S extends z.ZodObject>(req: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>>;
}

export type ModelFailureCode =
  | 'api_error' // an error after the SDK's own retries
  | 'refusal'
  | 'invalid_output' // output that does not parse or validate
  | 'stalled' // the idle watchdog fired
  | 'max_tokens' // output truncated by the token limit
  | 'aborted';

export class ModelError extends Error {
  readonly code: ModelFailureCode;
  readonly usage: Usage | undefined;
  constructor(code: ModelFailureCode, message: string, options?: { cause?: unknown; usage?: Usage }) {
    super(message, { cause: options?.cause });
    this.name = 'ModelError';
    this.code = code;
    this.usage = options?.usage;
  }
}
