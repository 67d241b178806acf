import { describe, expect, it } from 'vitest';
import { modelChoices, reviewerChoice } from '../../src/llm/choices.ts';

const both = modelChoices({
  openai: { apiKey: 'k', baseURL: undefined, models: ['gpt-a', 'gpt-b'], apiStyle: 'responses' },
  anthropic: { apiKey: 'k', baseURL: undefined, models: ['claude-a'] },
});
const openaiOnly = both.filter((c) => c.provider === 'openai');

describe('the reviewing model', () => {
  it.each([
    ['the other provider by default', both, 'openai', undefined, 'anthropic:claude-a'],
    ['the other provider, either way', both, 'anthropic', undefined, 'openai:gpt-a'],
    ['the same provider when it is the only one', openaiOnly, 'openai', undefined, 'openai:gpt-a'],
    ['REVIEW_MODEL when set', both, 'openai', 'openai:gpt-b', 'openai:gpt-b'],
    [
      'REVIEW_MODEL naming a model not offered in the form',
      both,
      'openai',
      'anthropic:claude-z',
      'anthropic:claude-z',
    ],
    ['nothing for an unconfigured provider', openaiOnly, 'openai', 'anthropic:claude-a', undefined],
  ] as const)('%s', (_name, choices, planner, reviewModel, expected) => {
    expect(reviewerChoice(choices, { provider: planner }, reviewModel)?.id).toBe(expected);
  });

  it('labels a REVIEW_MODEL like the form does', () => {
    expect(reviewerChoice(both, { provider: 'openai' }, 'anthropic:claude-z')?.label).toBe(
      'Anthropic · claude-z',
    );
  });
});
