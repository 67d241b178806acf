import type { z } from 'zod';
import {
  ModelError,
  type StructuredModel,
  type StructuredRequest,
  type StructuredResult,
} from '../../src/llm/port.ts';
import type { ModelFailureCode, Provider, Usage } from '../../src/plan/model.ts';

/** What the scripted model does for one request. */
export type ScriptedStep =
  /** Streams each top-level property of `value` in order, then returns it (validated by the request's schema). */
  | { kind: 'answer'; value: Record<string, unknown>; usage?: Usage }
  /** Streams `streamed` first (sections that complete before the failure), then fails with `code`. */
  | { kind: 'fail'; code: ModelFailureCode; streamed?: Record<string, unknown> };

export interface ScriptedRequest {
  system: string;
  prefix: string;
  prompt: string;
  schemaName: string;
  model: string;
}

const USAGE: Usage = { inputTokens: 1000, outputTokens: 500, cachedInputTokens: 0 };

/**
 * A StructuredModel that answers from a script, in process: the port's contract (top-level values
 * in stream order, schema validation, coded failures) without a server. Adapters are tested over
 * the wire elsewhere; this drives the services.
 */
export class ScriptedModel implements StructuredModel {
  readonly requests: ScriptedRequest[] = [];
  private readonly steps: ScriptedStep[] = [];
  readonly provider: Provider;

  constructor(provider: Provider = 'openai') {
    this.provider = provider;
  }

  script(...steps: ScriptedStep[]): this {
    this.steps.push(...steps);
    return this;
  }

  async generate<S extends z.ZodObject>(req: StructuredRequest<S>): Promise<StructuredResult<z.infer<S>>> {
    const { system, prefix, prompt, schemaName, model } = req;
    this.requests.push({ system, prefix, prompt, schemaName, model });
    const step = this.steps.shift();
    if (!step) throw new Error(`ScriptedModel: no step scripted for request ${this.requests.length}`);
    const streamed = step.kind === 'answer' ? step.value : (step.streamed ?? {});
    for (const [key, value] of Object.entries(streamed)) {
      if (req.signal?.aborted) throw new ModelError('aborted', 'the request was aborted');
      await req.onTopLevelValue?.(key, value);
    }
    if (step.kind === 'fail') throw new ModelError(step.code, `scripted ${step.code}`, { usage: USAGE });
    const parsed = req.schema.safeParse(step.value);
    if (!parsed.success)
      throw new ModelError('invalid_output', 'output does not match the schema', { usage: USAGE });
    return { value: parsed.data, usage: step.usage ?? USAGE, model, latencyMs: 1 };
  }
}
