import type { ActionsBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buildFailureMessage } from '../../../src/slack/blocks/failure-message.ts';
import { ACTION, BLOCK } from '../../../src/slack/ids.ts';
import { decodeJson, PlanButtonValue } from '../../../src/slack/metadata.ts';
import { checkMessage } from './check.ts';

const planId = '0b6f3c1e-5a39-4d2c-9b7a-2f8e1d4c6a10';

describe('buildFailureMessage', () => {
  it.each([
    ['api_error', /model service kept failing/],
    ['refusal', /model declined/],
    ['invalid_output', /did not match the plan format/],
    ['stalled', /model stopped responding/],
    ['max_tokens', /longer than the output limit/],
    ['aborted', /stopped before it finished/],
    ['something_new', /Something went wrong/],
  ])('%s explains itself', (code, explanation) => {
    const message = buildFailureMessage({ planId, code, retryable: true, what: 'plan' });
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(explanation);
    expect(message.text).toMatch(explanation);
    expect(message.blocks[0]?.block_id).toBe(BLOCK.failure);
  });

  it.each([
    ['plan', /Sections already posted in this thread stay/],
    ['revision', /stays at its previous version/],
  ] as const)('says what happened to the %s', (what, consequence) => {
    expect(JSON.stringify(buildFailureMessage({ planId, code: 'stalled', retryable: true, what }))).toMatch(
      consequence,
    );
  });

  it('has a primary Retry button whose value names the plan', () => {
    const { blocks } = buildFailureMessage({ planId, code: 'stalled', retryable: true, what: 'plan' });
    const actions = blocks.find((b): b is ActionsBlock => b.type === 'actions');
    const button = actions?.elements[0];
    expect(button).toMatchObject({
      type: 'button',
      action_id: ACTION.retryPlan,
      style: 'primary',
      text: { text: 'Retry' },
    });
    expect(decodeJson(PlanButtonValue, button && 'value' in button ? button.value : undefined)).toEqual({
      planId,
    });
  });

  it('offers no Retry when the failure is not retryable', () => {
    const { blocks } = buildFailureMessage({ planId, code: 'refusal', retryable: false, what: 'plan' });
    expect(blocks.some((b) => b.type === 'actions')).toBe(false);
  });

  it('shows one escaped line of detail and never a stack trace', () => {
    const detail =
      'Upstream <!channel> 502\n    at fetch (node:internal/x.js:1:1)\n    at run (/app/src/x.ts:2:2)';
    const message = buildFailureMessage({ planId, code: 'api_error', detail, retryable: true, what: 'plan' });
    const all = JSON.stringify(message);
    expect(all).toContain('Upstream &lt;!channel&gt; 502');
    expect(all).not.toMatch(/ at |node:internal|\.ts:/);
    expect(checkMessage(message)).toEqual([]);
  });
});
