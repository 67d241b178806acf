import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { reusableView, reusedBlocksBytes, viewCallBody } from '../../../src/slack/blocks/reused-view.ts';

const sent = (args: { view: object }) => Buffer.concat(viewCallBody(args)).toString('utf8');

const view = (): ModalView => ({
  type: 'modal',
  callback_id: 'plan_request',
  title: { type: 'plain_text', text: 'Release plan' },
  private_metadata: '{"channelId":"C1"}',
  blocks: [
    { type: 'section', text: { type: 'mrkdwn', text: 'quote " backslash \\ line\nend — ✓' } },
    { type: 'divider' },
  ],
});

describe('viewCallBody', () => {
  it('serialises a view built for one call exactly as JSON.stringify does', () => {
    const args = { trigger_id: '1.2.abc', view: view() };
    expect(reusedBlocksBytes(args.view.blocks)).toBeUndefined();
    expect(sent(args)).toBe(JSON.stringify(args));
  });

  it('splices a reusable view’s kept blocks into JSON that says the same', () => {
    const reused = reusableView(view());
    for (const args of [
      { trigger_id: '1.2.abc', view: { ...reused, private_metadata: '{"channelId":"C2"}' } },
      { view: reused },
      { trigger_id: 't', view: { blocks: reused.blocks } },
    ]) {
      expect(JSON.parse(sent(args))).toEqual(JSON.parse(JSON.stringify(args)));
    }
  });

  it('freezes a reusable view all the way down, so the JSON kept stays true', () => {
    const reused = reusableView(view());
    expect(reusedBlocksBytes(reused.blocks)?.toString('utf8')).toBe(JSON.stringify(view().blocks));
    expect(() => {
      (reused.blocks[0] as { type: string }).type = 'header';
    }).toThrow(TypeError);
    expect(() => (reused.blocks as unknown[]).push({ type: 'divider' })).toThrow(TypeError);
  });
});
