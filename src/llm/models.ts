import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { Config } from '../config.ts';
import type { Provider } from '../plan/model.ts';
import { createAnthropicModel } from './anthropic.ts';
import { createOpenAIModel } from './openai.ts';
import type { StructuredModel } from './port.ts';

export type Models = Record<Provider, StructuredModel | undefined>;

/** One adapter per configured provider, each with its own SDK client; unconfigured ones are undefined. */
export function createModels(config: Pick<Config, 'openai' | 'anthropic' | 'model'>): Models {
  const { maxRetries, timeoutMs, idleTimeoutMs } = config.model;
  const { openai, anthropic } = config;
  return {
    openai:
      openai &&
      createOpenAIModel({
        client: new OpenAI({
          apiKey: openai.apiKey,
          baseURL: openai.baseURL,
          maxRetries,
          timeout: timeoutMs,
        }),
        apiStyle: openai.apiStyle,
        idleTimeoutMs,
      }),
    anthropic:
      anthropic &&
      createAnthropicModel({
        client: new Anthropic({
          apiKey: anthropic.apiKey,
          // Only the configured key: a stray ANTHROPIC_AUTH_TOKEN must not be sent alongside it.
          authToken: null,
          baseURL: anthropic.baseURL,
          maxRetries,
          timeout: timeoutMs,
        }),
        idleTimeoutMs,
      }),
  };
}
