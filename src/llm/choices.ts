import type { Config } from '../config.ts';
import type { ModelChoice, Provider } from '../plan/model.ts';

const PROVIDER_LABEL: Record<Provider, string> = { openai: 'OpenAI', anthropic: 'Anthropic' };

function choice(provider: Provider, model: string): ModelChoice {
  return { id: `${provider}:${model}`, provider, model, label: `${PROVIDER_LABEL[provider]} · ${model}` };
}

/** Every configured provider/model pair, in configuration order: what the modal offers. */
export function modelChoices(config: Pick<Config, 'openai' | 'anthropic'>): ModelChoice[] {
  const pairs: [Provider, string[] | undefined][] = [
    ['openai', config.openai?.models],
    ['anthropic', config.anthropic?.models],
  ];
  return pairs.flatMap(([provider, models]) => (models ?? []).map((model) => choice(provider, model)));
}

/**
 * The model that reviews a plan's gating rules: REVIEW_MODEL ("provider:model", its provider
 * configured) when set; else the first model of the provider that did not draft the plan; else the
 * drafting provider's first model.
 */
export function reviewerChoice(
  choices: readonly ModelChoice[],
  planner: Pick<ModelChoice, 'provider'>,
  reviewModel?: string,
): ModelChoice | undefined {
  if (reviewModel) {
    const [provider, ...model] = reviewModel.split(':');
    const configured = choices.some((c) => c.provider === provider);
    return configured ? choice(provider as Provider, model.join(':')) : undefined;
  }
  return (
    choices.find((c) => c.provider !== planner.provider) ??
    choices.find((c) => c.provider === planner.provider)
  );
}
