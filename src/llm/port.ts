import type { z } from 'zod';
import { AppError } from '../errors.ts';
import type { ModelFailureCode, Provider, Usage } from '../plan/model.ts';

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

/** A model call that failed for good (after the SDK's own retries); `code` says how. */
export class ModelError extends AppError {
  declare readonly code: ModelFailureCode;
  readonly usage: Usage | undefined;
  constructor(code: ModelFailureCode, message: string, options?: { cause?: unknown; usage?: Usage }) {
    super(code, message, { cause: options?.cause });
    this.usage = options?.usage;
  }
}
