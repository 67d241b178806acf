import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ItemState } from '../../../src/approval/state.ts';
import {
  type ApprovalControlsView,
  buildApprovalControls,
  controlsBudget,
} from '../../../src/slack/blocks/approval-controls.ts';
import { userMention } from '../../../src/slack/blocks/kit.ts';
import { blockChars } from '../../../src/slack/blocks/limits.ts';
import { APPROVE_ACTION_PATTERN, REVIEW_ACTION, REVIEW_BLOCK } from '../../../src/slack/ids.ts';
import { ItemButtonValue, ViewDraftValue } from '../../../src/slack/review-values.ts';
import { checkMessage } from './check.ts';

const AT = '2026-11-20T10:00:00.000Z';
const ROLES = ['SRE lead', 'CTO'];
const base: Omit<ApprovalControlsView, 'state'> = {
  planId: '0e9b7b7e-1111-4222-8333-944444444444',
  itemKey: 'gating',
  kind: 'section',
  version: 2,
  hash: 'a'.repeat(64),
  policyConfigured: true,
  requiredRoles: ROLES,
  viewDraft: false,
};
const pending: ItemState = { status: 'pending', approvedBy: [], openRoles: ROLES };
const half: ItemState = {
  status: 'pending',
  approvedBy: [{ role: 'SRE lead', userId: 'U0SRE1', at: AT }],
  openRoles: ['CTO'],
};
const approved: ItemState = {
  status: 'approved',
  approvedBy: [
    { role: 'SRE lead', userId: 'U0SRE1', at: AT },
    { role: 'CTO', userId: 'U0CTO1', at: AT },
  ],
  openRoles: [],
};
const held: ItemState = {
  status: 'changes_requested',
  approvedBy: [],
  openRoles: ROLES,
  changesRequestedBy: { userId: 'U0SRE1', reason: 'Rollback owner missing', at: AT },
};

interface Button {
  action_id: string;
  value: string;
  text: { text: string };
  style?: string;
  confirm?: unknown;
}

function buttons(blocks: KnownBlock[]): Button[] {
  return blocks.flatMap((b) => (b.type === 'actions' ? (b.elements as unknown as Button[]) : []));
}

function text(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

describe('buildApprovalControls', () => {
  it.each<[string, Partial<ApprovalControlsView>, ItemState, string[], string]>([
    [
      'pending: an Approve per role and Request changes',
      {},
      pending,
      ['Approve as SRE lead', 'Approve as CTO', 'Request changes'],
      '0 of 2 roles',
    ],
    [
      'one role approved: its button is gone',
      {},
      half,
      ['Approve as CTO', 'Request changes'],
      '1 of 2 roles',
    ],
    ['fully approved: no buttons', {}, approved, [], 'Approved'],
    ['changes requested: no Approve while on hold', {}, held, ['Request changes'], 'Changes requested'],
    [
      'a single role: plain "Approve"',
      { requiredRoles: ['SME'] },
      { ...pending, openRoles: ['SME'] },
      ['Approve', 'Request changes'],
      '0 of 1 role',
    ],
    [
      'no policy: no buttons, and why',
      { policyConfigured: false, requiredRoles: [] },
      { ...pending, openRoles: [] },
      [],
      'No approval policy is configured',
    ],
    [
      'a split draft: View draft, even once approved',
      { kind: 'draft', itemKey: 'writeback:a', viewDraft: true },
      approved,
      ['View draft'],
      'Approved',
    ],
  ])('%s', (_name, overrides, state, labels, words) => {
    const blocks = buildApprovalControls({ ...base, ...overrides, state });
    expect(buttons(blocks).map((b) => b.text.text)).toEqual(labels);
    expect(text(blocks)).toContain(words);
    expect(checkMessage({ text: 'x', blocks })).toEqual([]);
    expect(blocks.length).toBeLessThanOrEqual(5);
  });

  it('asks for confirmation on every Approve, and carries the item, version, hash and role', () => {
    const approves = buttons(buildApprovalControls({ ...base, state: pending })).filter((b) =>
      APPROVE_ACTION_PATTERN.test(b.action_id),
    );
    expect(approves.map((b) => b.action_id)).toEqual(['approve_item', 'approve_item_1']);
    for (const [i, b] of approves.entries()) {
      expect(b.style).toBe('primary');
      expect(b.confirm).toMatchObject({
        title: { type: 'plain_text', text: 'Approve?' },
        text: { type: 'plain_text', text: expect.stringContaining(`“${ROLES[i]}”`) },
        confirm: { text: 'Approve' },
        deny: { text: 'Cancel' },
      });
      expect(ItemButtonValue.parse(JSON.parse(b.value))).toEqual({
        planId: base.planId,
        itemKey: 'gating',
        version: 2,
        hash: base.hash,
        role: ROLES[i],
      });
    }
  });

  it('shows who decided, with role and a Slack date, and the reason escaped', () => {
    const blocks = buildApprovalControls({
      ...base,
      state: {
        ...held,
        approvedBy: half.approvedBy,
        changesRequestedBy: { ...held.changesRequestedBy!, reason: '<!channel> fix *this*\n\nnow' },
      },
    });
    const status = text(blocks.filter((b) => b.block_id === REVIEW_BLOCK.status));
    expect(status).toContain(
      'SRE lead* — <@U0SRE1> · <!date^1795168800^{date_short_pretty} {time}|2026-11-20 10:00 UTC>',
    );
    expect(status).toContain('by <@U0SRE1>');
    expect(status).toContain('&lt;!channel&gt; fix *this* now');
    expect(status).not.toContain('<!channel>');
  });

  it('escapes role names and the note, and never turns a malformed id into a mention', () => {
    const blocks = buildApprovalControls({
      ...base,
      requiredRoles: ['R&D <lead>'],
      note: 'Proposed role “<!here>” is not in the policy',
      state: {
        status: 'approved',
        approvedBy: [{ role: 'R&D <lead>', userId: '<!channel>', at: 'not a date' }],
        openRoles: [],
      },
    });
    const all = text(blocks);
    expect(all).toContain('R&amp;D &lt;lead&gt;');
    expect(all).toContain('&lt;!here&gt;');
    expect(all.match(/<[@!]/g)).toBeNull();
  });

  it.each<[string, ItemState, string]>([
    ['waiting', half, '⏳ *CTO* (freeze exception) — waiting'],
    ['approved', approved, '✅ *CTO* (freeze exception) — <@U0CTO1>'],
  ])('marks a freeze exception role (%s), and only that role', (_name, state, line) => {
    const blocks = buildApprovalControls({ ...base, freezeExceptionRoles: ['CTO'], state });
    const status = blocks[0]?.type === 'section' ? (blocks[0].text?.text ?? '') : '';
    expect(status).toContain(line);
    expect(status).not.toContain('SRE lead* (freeze exception)');
  });

  it.each([
    ['pending', pending],
    ['half approved', half],
    ['on hold', held],
  ])('when the plan expired, a %s item says so and offers no decision', (_name, state) => {
    const blocks = buildApprovalControls({ ...base, state, expiredAt: AT });
    expect(text(blocks)).toMatch(/⌛ \*Expired\* · <!date\^/);
    expect(buttons(blocks)).toEqual([]);
  });

  it('an approved item of an expired plan stays approved', () => {
    const blocks = buildApprovalControls({ ...base, state: approved, expiredAt: AT });
    expect(text(blocks)).toContain('Approved');
    expect(text(blocks)).not.toContain('Expired');
  });

  it('keeps View draft on an expired plan: the text is still there to read', () => {
    const blocks = buildApprovalControls({
      ...base,
      kind: 'draft',
      viewDraft: true,
      state: pending,
      expiredAt: AT,
    });
    expect(buttons(blocks).map((b) => b.action_id)).toEqual([REVIEW_ACTION.viewDraft]);
  });

  it('carries only the draft on View draft', () => {
    const [view] = buttons(
      buildApprovalControls({ ...base, itemKey: 'writeback:a', viewDraft: true, state: approved }),
    );
    expect(view?.action_id).toBe(REVIEW_ACTION.viewDraft);
    expect(ViewDraftValue.parse(JSON.parse(view?.value ?? ''))).toEqual({
      planId: base.planId,
      itemKey: 'writeback:a',
    });
  });
});

describe('controlsBudget', () => {
  it.each([
    ['one short role', ['SME']],
    ['three long roles', ['R'.repeat(50), 'S'.repeat(50), 'T'.repeat(50)]],
  ])('covers every state of an item with %s', (_name, requiredRoles) => {
    const view = { ...base, requiredRoles, note: 'n'.repeat(250), kind: 'draft' as const, viewDraft: true };
    const budget = controlsBudget(view);
    const states: ItemState[] = [
      { status: 'pending', approvedBy: [], openRoles: requiredRoles },
      {
        ...held,
        openRoles: requiredRoles,
        changesRequestedBy: { ...held.changesRequestedBy!, reason: 'y'.repeat(3000) },
      },
      {
        status: 'approved',
        approvedBy: requiredRoles.map((role) => ({ role, userId: 'U0123456789', at: AT })),
        openRoles: [],
      },
    ];
    for (const state of states) {
      const blocks = buildApprovalControls({ ...view, state });
      expect(blockChars(blocks)).toBeLessThanOrEqual(budget.chars);
      expect(blocks.length).toBeLessThanOrEqual(budget.blocks);
    }
  });
});

describe('userMention', () => {
  it.each([
    ['U0SRE1', '<@U0SRE1>'],
    ['W0ABC', '<@W0ABC>'],
    ['<!here>', '&lt;!here&gt;'],
    ['u0lower', 'u0lower'],
  ])('%s → %s', (id, expected) => {
    expect(userMention(id)).toBe(expected);
  });
});
