import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildDraftModal,
  buildRequestChangesModal,
  REASON_MAX_CHARS,
} from '../../../src/slack/blocks/review-modals.ts';
import { REVIEW_BLOCK, REVIEW_CALLBACK, REVIEW_FIELD } from '../../../src/slack/ids.ts';
import { RequestChangesMetadata } from '../../../src/slack/review-values.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import { checkModal } from './check.ts';

const metadata = {
  planId: '0e9b7b7e-1111-4222-8333-944444444444',
  itemKey: 'writeback:jira-epic-update',
  version: 3,
  hash: 'b'.repeat(64),
  channelId: 'C0PLANS',
};
const draft = samplePlan().writeback.drafts[0]!;

describe('buildRequestChangesModal', () => {
  it('asks for one required reason and carries the item in its metadata', () => {
    const modal = buildRequestChangesModal({ itemTitle: 'Draft: <!here> epic', metadata });
    expect(checkModal(modal)).toEqual([]);
    expect(modal.callback_id).toBe(REVIEW_CALLBACK.requestChanges);
    expect(RequestChangesMetadata.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual(metadata);
    const input = modal.blocks.find((b) => b.block_id === REVIEW_FIELD.reason);
    expect(input).toMatchObject({
      type: 'input',
      element: {
        type: 'plain_text_input',
        action_id: REVIEW_FIELD.reason,
        multiline: true,
        max_length: REASON_MAX_CHARS,
      },
    });
    expect(input).not.toHaveProperty('optional', true);
    expect(JSON.stringify(modal)).toContain('&lt;!here&gt; epic');
  });
});

describe('buildDraftModal', () => {
  it.each([
    ['a short draft', draft.content, [draft.content], false],
    [
      'a long draft',
      Array.from({ length: 500 }, (_, i) => `Line ${i}.`).join('\n'),
      ['Line 0.', 'Line 499.'],
      false,
    ],
    ['a draft longer than a modal holds', 'word '.repeat(100_000), ['word word'], true],
    ['an empty draft', '  ', ['Empty draft'], false],
  ])('shows %s fenced, within modal limits', (_name, content, expected, cut) => {
    const modal = buildDraftModal({ ...draft, content });
    expect(checkModal(modal)).toEqual([]);
    const all = JSON.stringify(modal);
    for (const piece of expected) expect(all).toContain(piece);
    expect(all.includes('longer than one modal holds')).toBe(cut);
    expect(all).toContain('Release Planner writes nothing');
  });

  it('keeps code fences intact whatever the draft contains', () => {
    const modal = buildDraftModal({ ...draft, content: 'before ``` <!channel> after '.repeat(500) });
    const texts = (modal.blocks as KnownBlock[]).flatMap((b) =>
      b.type === 'section' && b.block_id?.startsWith(REVIEW_BLOCK.draftText) ? [b.text?.text ?? ''] : [],
    );
    expect(texts.length).toBeGreaterThan(1);
    for (const t of texts) {
      expect(t.match(/```/g)).toHaveLength(2);
      expect(t).not.toContain('<!channel>');
    }
  });
});
