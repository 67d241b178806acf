import { describe, expect, it } from 'vitest';
import { approvalsOf } from '../../../src/approval/approvals.ts';
import type { PlanItem } from '../../../src/approval/items.ts';
import type { Policy } from '../../../src/approval/roles.ts';
import { withControls } from '../../../src/slack/blocks/controls-layout.ts';
import type { ItemMessage } from '../../../src/slack/blocks/section-message.ts';
import { REVIEW_BLOCK, SECTION_BLOCK } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';

const POLICY: Policy = {
  roles: {
    'SRE lead': { users: ['U0SRE1'], usergroups: [] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};
const draft = samplePlan().writeback.drafts[2]!; // proposes CTO
const items: PlanItem[] = [
  { key: 'gating', section: 'gating', title: 'Change Gating Rules', hash: 'g1', content: {} },
  { key: 'writeback:slack-merchant-comms', section: 'writeback', title: 'Draft', hash: 'd1', content: draft },
];

describe('withControls', () => {
  const approvals = approvalsOf({
    policy: POLICY,
    riskClass: 'medium',
    version: 1,
    items,
    history: [],
    decisions: [],
    complete: true,
  }).items;
  const part = (itemKey: string, n: number, blocks = 3, chars = 10): ItemMessage => ({
    itemKey,
    part: n,
    text: `${itemKey} ${n}`,
    blocks: Array.from({ length: blocks }, () => ({
      type: 'section',
      text: { type: 'mrkdwn', text: 'x'.repeat(chars) },
    })),
  });
  const controlsOf = (m: ItemMessage) => m.blocks.filter((b) => b.block_id === REVIEW_BLOCK.status).length;

  it('adds controls to the last part of each item only, and View draft to a split draft', () => {
    const out = withControls(
      [
        part('gating', 0),
        part('gating', 1),
        part('writeback:slack-merchant-comms', 0),
        part('writeback:slack-merchant-comms', 1),
      ],
      approvals,
      true,
      '0e9b7b7e-1111-4222-8333-944444444444',
    );
    expect(out.map(controlsOf)).toEqual([0, 1, 0, 1]);
    expect(JSON.stringify(out[3])).toContain('View draft');
    expect(JSON.stringify(out[1])).not.toContain('View draft');
  });

  it.each([
    ['too many blocks', 49, 10],
    ['too many characters', 10, 1150],
  ])('gives the controls a part of their own when the last part has %s', (_name, blocks, chars) => {
    const out = withControls([part('gating', 0, blocks, chars)], approvals, true, 'p');
    expect(out.map((m) => [m.part, controlsOf(m)])).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it('keeps the item footer as the last line, under the controls', () => {
    const withFooter: ItemMessage = {
      ...part('gating', 0),
      blocks: [
        ...part('gating', 0).blocks,
        {
          type: 'context',
          block_id: SECTION_BLOCK.footer,
          elements: [{ type: 'mrkdwn', text: 'Plan version 1' }],
        },
      ],
    };
    const [out] = withControls([withFooter], approvals, true, 'p');
    expect(out?.blocks.at(-1)?.block_id).toBe(SECTION_BLOCK.footer);
    expect(controlsOf(out!)).toBe(1);
  });
});
