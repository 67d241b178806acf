import type { ActionsBlock, Button } from '@slack/types';
import { describe, expect, it } from 'vitest';
import {
  buildApproveAllActions,
  buildApproveAllModal,
  buildApproveAllResult,
  isApproveAllAction,
} from '../../../src/slack/blocks/approve-all.ts';
import { buildRootMessage, type RootView } from '../../../src/slack/blocks/root-message.ts';
import { REVIEW_CALLBACK, ROOT_BLOCK } from '../../../src/slack/ids.ts';
import { decodeJson } from '../../../src/slack/metadata.ts';
import { ApproveAllMetadata, ApproveAllValue } from '../../../src/slack/review-values.ts';
import { checkMessage, checkModal } from './check.ts';

const planId = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const item = (itemKey: string, version = 1) => ({ itemKey, version, hash: 'c'.repeat(64) });

describe('buildApproveAllActions', () => {
  it('puts one button per role, each carrying the plan and its role, with unique action ids', () => {
    const [block] = buildApproveAllActions(planId, ['SRE lead', 'CTO']) as ActionsBlock[];
    expect(block?.block_id).toBe(ROOT_BLOCK.approveAll);
    const buttons = (block?.elements ?? []) as Button[];
    expect(buttons.map((b) => b.text.text)).toEqual(['Approve all as SRE lead', 'Approve all as CTO']);
    expect(buttons.map((b) => decodeJson(ApproveAllValue, b.value))).toEqual([
      { planId, role: 'SRE lead' },
      { planId, role: 'CTO' },
    ]);
    expect(new Set(buttons.map((b) => b.action_id)).size).toBe(2);
    expect(buttons.every((b) => isApproveAllAction(b.action_id ?? ''))).toBe(true);
  });

  it('shows nothing without roles waiting', () => {
    expect(buildApproveAllActions(planId, [])).toEqual([]);
  });
});

describe('the root message', () => {
  const view: RootView = {
    planId,
    title: 'Checkout',
    requesterId: 'U0REQ',
    riskClass: 'medium',
    modelLabel: 'GPT',
    version: 1,
    state: 'ready',
    sectionsDone: 6,
    approvals: { policyConfigured: true, colour: 'yellow', items: [] },
    approveAllRoles: ['SRE lead'],
  };

  it('carries the Approve all buttons only when ready with a policy', () => {
    const has = (v: RootView) => buildRootMessage(v).blocks.some((b) => b.block_id === ROOT_BLOCK.approveAll);
    expect(checkMessage(buildRootMessage(view))).toEqual([]);
    expect(has(view)).toBe(true);
    expect(has({ ...view, state: 'drafting' })).toBe(false);
    expect(has({ ...view, approvals: { policyConfigured: false, colour: 'yellow', items: [] } })).toBe(false);
    expect(has({ ...view, approveAllRoles: [] })).toBe(false);
  });
});

describe('buildApproveAllModal', () => {
  it('lists each item with its title and version and carries exactly what it shows', () => {
    const metadata = {
      planId,
      role: 'SRE <lead>',
      channelId: 'C0PLANS',
      items: [item('gating'), item('exit', 3)],
    };
    const modal = buildApproveAllModal({
      planTitle: 'Checkout <!here>',
      items: [
        { title: 'Change Gating Rules', version: 1 },
        { title: 'Control and Exit Criteria', version: 3 },
      ],
      metadata,
    });
    expect(checkModal(modal)).toEqual([]);
    expect(modal.callback_id).toBe(REVIEW_CALLBACK.approveAll);
    expect(ApproveAllMetadata.parse(JSON.parse(modal.private_metadata ?? ''))).toEqual(metadata);
    const text = JSON.stringify(modal.blocks);
    expect(text).toMatch(/2 items of \*Checkout &lt;!here&gt;\* as \*SRE &lt;lead&gt;\*/);
    expect(text).toContain('Change Gating Rules* — version 1');
    expect(text).toContain('Control and Exit Criteria* — version 3');
  });

  it('keeps the largest allowed list within the metadata and modal limits', () => {
    const items = Array.from({ length: 20 }, (_, i) => item(`writeback:draft-${'x'.repeat(150)}-${i}`));
    const metadata = { planId, role: 'R'.repeat(100), channelId: 'C0PLANS', items };
    const modal = buildApproveAllModal({
      planTitle: 'T',
      items: items.map((_, i) => ({ title: `Draft: ${'y'.repeat(200)} ${i}`, version: 1 })),
      metadata,
    });
    expect(checkModal(modal)).toEqual([]);
    const carried = ApproveAllMetadata.parse(JSON.parse(modal.private_metadata ?? ''));
    expect(carried.items.length).toBeGreaterThan(0);
    expect(carried.items).toEqual(items.slice(0, carried.items.length));
    const text = JSON.stringify(modal.blocks);
    expect(text).toContain(`Approve these ${carried.items.length} items`);
    expect(text).toContain(`${20 - carried.items.length} more item(s) wait`);
  });
});

describe('buildApproveAllResult', () => {
  it('says what was approved and what was left undecided, and why', () => {
    const message = buildApproveAllResult({
      role: 'SRE lead',
      approved: ['Release Readiness Scorecard', 'Toolchain Layout'],
      skipped: [{ title: 'Change Gating Rules', why: 'it changed after you opened the form' }],
      userId: 'U0SRE1',
    });
    expect(checkMessage(message)).toEqual([]);
    const text = JSON.stringify(message.blocks);
    expect(text).toMatch(/approved 2 item\(s\) as \*SRE lead\*/);
    expect(text).toMatch(/Left undecided.*Change Gating Rules.*changed after you opened/);
    expect(message.text).toMatch(/2 approved, 1 left undecided/);
  });
});
