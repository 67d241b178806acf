import type { Config } from '../config.ts';
import type { Provider } from '../plan/model.ts';
import type { StructuredModel } from './port.ts';

export type Models = Record<Provider, StructuredModel | undefined>;

type ModelConfig = Pick<Config, 'openai' | 'anthropic' | 'model'>;

/**
 * One adapter per configured provider, each with its own SDK client; unconfigured ones are
 * undefined. An SDK (and its adapter) is imported only when its provider is configured: each costs
 * several MB of memory and start-up time (issue 14).
 */
export async function createModels(config: ModelConfig): Promise<Models> {
  const [openai, anthropic] = await Promise.all([openaiModel(config), anthropicModel(config)]);
  return { openai, anthropic };
}

async function openaiModel({ openai, model }: ModelConfig): Promise<StructuredModel | undefined> {
  if (!openai) return undefined;
  const [{ default: OpenAI }, { createOpenAIModel }] = await Promise.all([
    import('openai'),
    import('./openai.ts'),
  ]);
  return createOpenAIModel({
    client: new OpenAI({
      apiKey: openai.apiKey,
      baseURL: openai.baseURL,
      maxRetries: model.maxRetries,
      timeout: model.timeoutMs,
    }),
    apiStyle: openai.apiStyle,
    idleTimeoutMs: model.idleTimeoutMs,
  });
}

async function anthropicModel({ anthropic, model }: ModelConfig): Promise<StructuredModel | undefined> {
  if (!anthropic) return undefined;
  const [{ default: Anthropic }, { createAnthropicModel }] = await Promise.all([
    import('@anthropic-ai/sdk'),
    import('./anthropic.ts'),
  ]);
  return createAnthropicModel({
    client: new Anthropic({
      apiKey: anthropic.apiKey,
      // Only the configured key: a stray ANTHROPIC_AUTH_TOKEN must not be sent alongside it.
      authToken: null,
      baseURL: anthropic.baseURL,
      maxRetries: model.maxRetries,
      timeout: model.timeoutMs,
    }),
    idleTimeoutMs: model.idleTimeoutMs,
  });
}
