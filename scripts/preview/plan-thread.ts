import type { KnownBlock } from '@slack/types';
import { type RiskClass, SECTION_KEYS, type Section } from '../../src/plan/schema.ts';
import { placeControls } from '../../src/slack/blocks/approval-controls.ts';
import { buildRootMessage } from '../../src/slack/blocks/root-message.ts';
import { buildSectionMessages, type ItemMessage } from '../../src/slack/blocks/section-message.ts';
import { samplePlan } from '../../test/fakes/plan-fixture.ts';
import type { PreviewMessage, ThreadView } from './thread-html.ts';

/**
 * The thread Release Planner posts for the test fixture's plan, built by the real builders:
 * the root message in its final 'ready' state and every section (and draft) reply.
 */

export const PLAN_ID = '3f6c2a1e-8b4d-4c7a-9e21-5d0f7b9a6c13';
export const VERSION = 1;
export const RISK_CLASS: RiskClass = 'high';
const REQUESTER_ID = 'U07PRIYA01';
/** Holders of the roles in policy.example.yml, named for the picture. */
const USER_NAMES: Record<string, string> = {
  [REQUESTER_ID]: 'Priya Raman',
  U0SRE1: 'Sam Okafor',
  U0CTO1: 'Dana Whitfield',
  U0SME1: 'Lee Chen',
};

/** Controls appended to an item's last message part (the approval controls). */
export type ControlsFor = (itemKey: string, parts: readonly ItemMessage[]) => KnownBlock[];
export const NO_CONTROLS: ControlsFor = () => [];

export function planSections(): Section[] {
  const plan = samplePlan();
  return SECTION_KEYS.map((key) => ({ key, value: plan[key] }) as Section);
}

function rootBlocks(): KnownBlock[] {
  const plan = samplePlan();
  return buildRootMessage({
    planId: PLAN_ID,
    title: 'Payments 4.2 release',
    requesterId: REQUESTER_ID,
    riskClass: RISK_CLASS,
    modelLabel: 'Anthropic · claude-sonnet-4-5',
    version: VERSION,
    state: 'ready',
    sectionsDone: SECTION_KEYS.length,
    scorecard: plan.scorecard,
    usage: { inputTokens: 9_412, outputTokens: 6_873, cachedInputTokens: 4_096 },
    coverage: { missingGates: [], missingConnectors: ['PagerDuty'], missingRoles: [] },
    approvals: {
      policyConfigured: true,
      colour: 'red',
      items: [
        { title: 'Release Readiness Scorecard', status: 'pending', approved: 1, required: 2 },
        { title: 'Toolchain Layout', status: 'pending', approved: 0, required: 2 },
        { title: 'Change Gating Rules', status: 'pending', approved: 0, required: 2 },
        { title: 'Execution Timeline', status: 'pending', approved: 0, required: 2 },
        { title: 'Draft Writeback Bundle', status: 'pending', approved: 0, required: 2 },
        { title: 'Draft: Merchant announcement', status: 'changes_requested', approved: 0, required: 3 },
        { title: 'Control and Exit Criteria', status: 'pending', approved: 0, required: 2 },
      ],
    },
  }).blocks;
}

/** Replies are posted as each section streams in, a few seconds apart. */
function replyTime(i: number): string {
  const minute = 42 + Math.floor((i * 9) / 60);
  return `10:${String(minute).padStart(2, '0')} AM`;
}

export interface PlanThread {
  root: PreviewMessage;
  /** Replies grouped by plan section, in posting order. */
  sections: PreviewMessage[][];
}

function withControls(parts: ItemMessage[], controlsFor: ControlsFor): KnownBlock[][] {
  return parts.map((part, i) => {
    const last = parts.findLastIndex((p) => p.itemKey === part.itemKey) === i;
    const mine = parts.filter((p) => p.itemKey === part.itemKey);
    return last ? placeControls(part.blocks, controlsFor(part.itemKey, mine)) : part.blocks;
  });
}

export function planThread(controlsFor: ControlsFor = NO_CONTROLS): PlanThread {
  let n = 0;
  const sections = planSections().map((section, index) => {
    const parts = buildSectionMessages(section, { planId: PLAN_ID, version: VERSION, index });
    return withControls(parts, controlsFor).map((blocks) => ({ blocks, time: replyTime(n++) }));
  });
  return { root: { blocks: rootBlocks(), time: '10:41 AM' }, sections };
}

/** The thread pane showing the first `sectionCount` sections (all when omitted). */
export function threadView(thread: PlanThread, sectionCount?: number): ThreadView {
  const all = thread.sections.flat();
  const count = sectionCount ?? thread.sections.length;
  const shown = thread.sections.slice(0, count).flat();
  return {
    channel: 'release-planning',
    appName: 'Release Planner',
    root: thread.root,
    replies: shown,
    replyCount: all.length,
    peek: all[shown.length],
    ctx: { userName: (id) => USER_NAMES[id] ?? id },
  };
}
