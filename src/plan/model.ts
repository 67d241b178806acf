/**
 * The model side of a plan, as the domain sees it: which provider and model drafts it, what a call
 * used, and how a call can fail. The model adapters (llm/) implement these; they are defined here.
 */
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

export const NO_USAGE: Usage = Object.freeze({ inputTokens: 0, outputTokens: 0, cachedInputTokens: 0 });

export function addUsage(a: Usage, b: Usage): Usage {
  return {
    inputTokens: a.inputTokens + b.inputTokens,
    outputTokens: a.outputTokens + b.outputTokens,
    cachedInputTokens: a.cachedInputTokens + b.cachedInputTokens,
  };
}

export type ModelFailureCode =
  | 'api_error' // an error after the SDK's own retries
  | 'refusal'
  | 'invalid_output' // output that does not parse or validate
  | 'stalled' // the idle watchdog fired
  | 'max_tokens' // output truncated by the token limit
  | 'connection_lost' // the connection dropped in the middle of the stream
  | 'aborted';

/**
 * Why drafting or a revision stopped: a model failure, or one of ours (`internal`: a bug or a
 * storage error; `interrupted`: the process died before the thread existed; `slack_post_failed`:
 * the root message could not be posted).
 */
export type FailureCode = ModelFailureCode | 'internal' | 'interrupted' | 'slack_post_failed';

export const MODEL_CALL_PURPOSES = ['plan', 'revision', 'repair', 'review'] as const;
export type ModelCallPurpose = (typeof MODEL_CALL_PURPOSES)[number];

/** One model call, whatever its outcome: recorded for usage, cost and the audit log. */
export interface ModelCallRecord {
  planId: string;
  purpose: ModelCallPurpose;
  provider: string;
  model: string;
  usage: Usage;
  latencyMs: number;
  /** `ok`, a ModelFailureCode, or `interrupted` for an error that was not the model's. */
  outcome: string;
  createdAt: string;
}
