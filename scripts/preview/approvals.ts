import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { KnownBlock } from '@slack/types';
import type { DecisionRecord } from '../../src/approval/decisions.ts';
import { draftItemKeys, isDraftItemKey } from '../../src/approval/items.ts';
import { parsePolicy } from '../../src/approval/policy-file.ts';
import { itemRequirements } from '../../src/approval/requirements.ts';
import { itemState } from '../../src/approval/state.ts';
import { contentHash } from '../../src/plan/hash.ts';
import { buildApprovalControls } from '../../src/slack/blocks/approval-controls.ts';
import { samplePlan } from '../../test/fakes/plan-fixture.ts';
import { type ControlsFor, PLAN_ID, RISK_CLASS, VERSION } from './plan-thread.ts';

/**
 * Approval controls as the real code works them out: roles from policy.example.yml and the plan's
 * risk class (itemRequirements), state from a few decisions (itemState), blocks from the builder.
 * The decisions make the picture show each state once: partly approved, changes requested, waiting.
 */

type Decision = Pick<DecisionRecord, 'itemKey' | 'userId' | 'role' | 'decision' | 'reason' | 'createdAt'>;

const DECISIONS: readonly Decision[] = [
  {
    itemKey: 'scorecard',
    userId: 'U0SRE1',
    role: 'SRE lead',
    decision: 'approve',
    reason: null,
    createdAt: '2026-11-24T10:58:00.000Z',
  },
  {
    itemKey: 'writeback:slack-merchant-comms',
    userId: 'U0CTO1',
    role: 'CTO',
    decision: 'request_changes',
    reason: 'Give the date the status page goes live: merchants will ask.',
    createdAt: '2026-11-24T11:05:00.000Z',
  },
];

function proposedRoles(): Map<string, string> {
  const drafts = samplePlan().writeback.drafts;
  const keys = draftItemKeys(drafts);
  return new Map(drafts.map((d, i) => [keys[i] ?? '', d.approver_role]));
}

export function approvalControls(repoRoot: string): ControlsFor {
  const policy = parsePolicy(
    readFileSync(join(repoRoot, 'policy.example.yml'), 'utf8'),
    'policy.example.yml',
  );
  const proposed = proposedRoles();
  return (itemKey, parts) => {
    const required = itemRequirements({
      policy,
      riskClass: RISK_CLASS,
      itemKey,
      proposedRole: proposed.get(itemKey),
    });
    const hash = contentHash(parts.map((p) => p.blocks));
    const decisions: DecisionRecord[] = DECISIONS.filter((d) => d.itemKey === itemKey).map((d) => ({
      ...d,
      planId: PLAN_ID,
      version: VERSION,
      contentHash: hash,
    }));
    const blocks: KnownBlock[] = buildApprovalControls({
      planId: PLAN_ID,
      itemKey,
      kind: isDraftItemKey(itemKey) ? 'draft' : 'section',
      version: VERSION,
      hash,
      policyConfigured: true,
      requiredRoles: required.roles,
      state: itemState(required.roles, decisions),
      note: required.note,
      viewDraft: parts.length > 1,
    });
    return blocks;
  };
}
