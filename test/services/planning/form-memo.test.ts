import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { createFormMemo } from '../../../src/services/planning/form-memo.ts';

function counted(): { build: () => ModalView; builds: () => number } {
  let n = 0;
  return {
    build: () => {
      n += 1;
      return { type: 'modal', title: { type: 'plain_text', text: `form ${n}` }, blocks: [] };
    },
    builds: () => n,
  };
}

describe('createFormMemo', () => {
  it('builds once for the same inputs and again when any of them changes', () => {
    const memo = createFormMemo();
    const { build, builds } = counted();
    const policy = { roles: {} };
    const choices = [{ id: 'openai:gpt' }];
    const first = memo([policy, choices, 'low: SME'], build);
    expect(memo([policy, choices, 'low: SME'], build)).toBe(first);
    expect(builds()).toBe(1);

    const reloaded = memo([{ roles: {} }, choices, 'low: SME'], build);
    expect(reloaded).not.toBe(first);
    expect(memo([{ roles: {} }, choices, 'low: SME'], build)).not.toBe(reloaded);
    const hinted = memo([policy, choices, 'low: Tech lead'], build);
    expect(hinted.title?.text).toBe('form 4');
    expect(builds()).toBe(4);
  });

  it('hands out a frozen view, so no caller changes what the next command is sent', () => {
    const memo = createFormMemo();
    const view = memo([1], counted().build);
    expect(Object.isFrozen(view)).toBe(true);
    expect(Object.isFrozen(view.blocks)).toBe(true);
  });
});
