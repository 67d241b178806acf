import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { userMention as requesterMention } from '../../../src/slack/blocks/kit.ts';
import { buildRootMessage, type RootView } from '../../../src/slack/blocks/root-message.ts';
import { ACTION, BLOCK, ROOT_BLOCK } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import { checkMessage } from './check.ts';

const base: RootView = {
  planId: 'plan-1',
  title: 'Payments 4.2',
  requesterId: 'U0123ABC',
  riskClass: 'high',
  modelLabel: 'OpenAI · gpt-5.5',
  version: 2,
  state: 'drafting',
  sectionsDone: 2,
};

function text(blocks: KnownBlock[]): string {
  return JSON.stringify(blocks);
}

function block(blocks: KnownBlock[], id: string): KnownBlock | undefined {
  return blocks.find((b) => b.block_id === id);
}

describe('buildRootMessage', () => {
  it('has header, fields and status with their block ids', () => {
    const { blocks } = buildRootMessage(base);
    expect(block(blocks, ROOT_BLOCK.header)).toMatchObject({
      type: 'header',
      text: { text: 'Payments 4.2' },
    });
    const fields = block(blocks, ROOT_BLOCK.fields);
    expect(fields?.type === 'section' && fields.fields?.map((f) => f.text)).toEqual([
      '*Requested by*\n<@U0123ABC>',
      '*Risk class*\nHigh',
      '*Model*\nOpenAI · gpt-5.5',
      '*Version*\n2',
    ]);
    expect(block(blocks, BLOCK.rootStatus)).toBeDefined();
  });

  it.each([
    [0, '▱▱▱▱▱▱', 'Drafting — 0 of 6 sections'],
    [2, '▰▰▱▱▱▱', 'Drafting — 2 of 6 sections'],
    [6, '▰▰▰▰▰▰', 'Drafting — 6 of 6 sections'],
    [99, '▰▰▰▰▰▰', 'Drafting — 6 of 6 sections'],
    [-3, '▱▱▱▱▱▱', 'Drafting — 0 of 6 sections'],
    [Number.NaN, '▱▱▱▱▱▱', 'Drafting — 0 of 6 sections'],
  ])('while drafting with %d done shows %s', (sectionsDone, bar, line) => {
    const message = buildRootMessage({ ...base, sectionsDone });
    expect(text(message.blocks)).toContain(bar);
    expect(text(message.blocks)).toContain(line);
    expect(message.text).toContain('drafting');
  });

  it.each([
    ['green', '🟢'],
    ['yellow', '🟡'],
    ['red', '🔴'],
  ] as const)('when ready shows overall %s as %s, gates and token usage', (status, emoji) => {
    const scorecard = { ...samplePlan().scorecard, overall_status: status };
    const message = buildRootMessage({
      ...base,
      state: 'ready',
      sectionsDone: 6,
      scorecard,
      usage: { inputTokens: 12_345, outputTokens: 678, cachedInputTokens: 9_000 },
    });
    const all = text(message.blocks);
    expect(all).toContain(`${emoji} *Overall status: ${status}*`);
    expect(all).toContain('✅ staging: pass');
    expect(all).toContain('❓ canary: unknown');
    expect(all).toContain('❌ production: fail');
    expect(block(message.blocks, ROOT_BLOCK.usage)).toMatchObject({
      elements: [{ text: 'Tokens: 12,345 in · 678 out · 9,000 cached' }],
    });
    expect(message.text).toContain(status);
    expect(all).not.toContain('Drafting —');
  });

  it('when failed shows the failure line and how far drafting got', () => {
    const message = buildRootMessage({
      ...base,
      state: 'failed',
      sectionsDone: 3,
      failure: 'Drafting stopped (stalled).',
    });
    const status = block(message.blocks, BLOCK.rootStatus);
    expect(text(status ? [status] : [])).toContain('Drafting stopped (stalled).');
    expect(text(status ? [status] : [])).toContain('3 of 6 sections were drafted');
    expect(message.text).toContain('stopped');
  });

  it('when failed carries its own Retry for the plan (the failure message may never have been posted)', () => {
    const message = buildRootMessage({ ...base, state: 'failed', sectionsDone: 0, failure: 'x' });
    const retry = block(message.blocks, BLOCK.rootRetry) as {
      elements?: { action_id: string; value: string }[];
    };
    expect(retry?.elements?.map((e) => [e.action_id, JSON.parse(e.value)])).toEqual([
      [ACTION.retryPlan, { planId: base.planId }],
    ]);
    for (const state of ['drafting', 'ready'] as const) {
      expect(block(buildRootMessage({ ...base, state }).blocks, BLOCK.rootRetry)).toBeUndefined();
    }
  });

  it.each([
    ['U0123ABC', '<@U0123ABC>'],
    ['W0123ABC', '<@W0123ABC>'],
    ['u0123abc', 'u0123abc'],
    ['<!channel>', '&lt;!channel&gt;'],
    ['U123|x', 'U123|x'],
    ['', '—'],
  ])('requester %j renders as %j', (id, expected) => {
    expect(requesterMention(id)).toBe(expected);
  });

  it('the requester is the only mention, whatever the title, label and scorecard say', () => {
    const evil = '<!channel> @here <@U999> <https://x.test|y> &';
    const card = samplePlan().scorecard;
    const message = buildRootMessage({
      ...base,
      title: evil,
      modelLabel: evil,
      state: 'ready',
      scorecard: { ...card, summary: evil, gates: card.gates.map((g) => ({ ...g, environment: evil })) },
    });
    const mrkdwn = [
      message.text,
      ...message.blocks.flatMap((b) => (b.type === 'header' ? [] : [JSON.stringify(b)])),
    ];
    expect(mrkdwn.join('').match(/<[@!]/g)).toEqual(['<@']);
    expect(JSON.stringify(message)).not.toMatch(/@(here|channel)/);
  });

  it('stays within limits for a huge scorecard', () => {
    const card = samplePlan().scorecard;
    const long = '😀 word '.repeat(4000);
    const message = buildRootMessage({
      ...base,
      title: long,
      modelLabel: long,
      requesterId: long,
      state: 'ready',
      scorecard: {
        ...card,
        summary: long,
        gates: Array.from({ length: 300 }, () => ({ ...card.gates[0]!, environment: long })),
      },
      usage: { inputTokens: 1e12, outputTokens: Number.NaN, cachedInputTokens: 0 },
    });
    expect(checkMessage(message, { maxBlocks: 45, maxChars: 11_000 })).toEqual([]);
    expect(text(message.blocks)).toContain('and 280 more');
  });
});

describe('approval progress on the root', () => {
  const items = [
    { title: '1/6 · Release Readiness Scorecard', status: 'approved', approved: 1, required: 1 },
    { title: '3/6 · Change Gating Rules', status: 'changes_requested', approved: 0, required: 1 },
    { title: 'Draft: <!here> epic', status: 'pending', approved: 1, required: 2 },
  ] as const;
  const ready = { ...base, state: 'ready' as const, sectionsDone: 6 };

  it.each([
    ['yellow', '🟡 *Approval: pending* · 1 of 3 items approved', 'approval pending'],
    ['green', '🟢 *Approval: approved*', 'approved'],
    ['red', '🔴 *Approval: changes requested*', 'changes requested'],
  ] as const)('shows %s overall, and each item', (colour, headline, words) => {
    const message = buildRootMessage({ ...ready, approvals: { policyConfigured: true, colour, items } });
    const approvals = text(message.blocks.filter((b) => b.block_id === ROOT_BLOCK.approvals));
    expect(approvals).toContain(headline);
    expect(approvals).toContain('✅ 1/6 · Release Readiness Scorecard — 1/1');
    expect(approvals).toContain('🔴 3/6 · Change Gating Rules — changes requested');
    expect(approvals).toContain('⏳ Draft: &lt;!here&gt; epic — 1/2');
    expect(message.text).toContain(words);
  });

  it('says that approvals need a policy file when there is none', () => {
    const message = buildRootMessage({
      ...ready,
      approvals: {
        policyConfigured: false,
        colour: 'yellow',
        items: [{ ...items[0], status: 'pending', required: 0, approved: 0 }],
      },
    });
    expect(text(message.blocks)).toContain('needs a policy file');
    expect(message.text).not.toContain('approval pending');
  });

  it('shows nothing about approval before the first item is posted', () => {
    const message = buildRootMessage({
      ...base,
      approvals: { policyConfigured: true, colour: 'yellow', items: [] },
    });
    expect(block(message.blocks, ROOT_BLOCK.approvals)).toBeUndefined();
  });

  it('when expired shows approval red with the time and how to start again, and no Approve all', () => {
    const message = buildRootMessage({
      ...ready,
      approvals: { policyConfigured: true, colour: 'yellow', items },
      approveAllRoles: ['SRE lead'],
      expiredAt: '2026-11-27T09:00:00.000Z',
    });
    const shown = text(message.blocks);
    expect(shown).toMatch(/🔴 \*Approval: expired\* <!date\^\d+\^[^|]+\|[^>]+> — no more decisions/);
    expect(shown).toContain('/release-plan');
    expect(shown).not.toContain('approve_all');
    expect(message.text).toContain('approval expired');
  });

  it('an approved plan stays green whatever its expiry says', () => {
    const message = buildRootMessage({
      ...ready,
      approvals: { policyConfigured: true, colour: 'green', items },
      expiredAt: '2026-11-27T09:00:00.000Z',
    });
    expect(text(message.blocks)).not.toContain('expired');
  });

  it('stays within limits with many items', () => {
    const many = Array.from({ length: 300 }, (_, i) => ({
      ...items[2],
      title: `Draft ${i} ${'y'.repeat(300)}`,
    }));
    const message = buildRootMessage({
      ...ready,
      approvals: { policyConfigured: true, colour: 'yellow', items: many },
    });
    expect(checkMessage(message, { maxBlocks: 45, maxChars: 11_000 })).toEqual([]);
    expect(text(message.blocks)).toContain('and 270 more');
  });
});

describe('buildRootMessage coverage', () => {
  const base = {
    planId: 'p',
    title: 'T',
    requesterId: 'U1',
    riskClass: 'low' as const,
    modelLabel: 'm',
    version: 1,
    state: 'ready' as const,
    sectionsDone: 6,
  };
  it.each([
    [{ missingGates: [], missingConnectors: [], missingRoles: [] }, /Coverage\* ✅/],
    [{ missingGates: ['qa'], missingConnectors: [], missingRoles: [] }, /No gate for: qa/],
    [{ missingGates: [], missingConnectors: ['<!here>'], missingRoles: [] }, /toolchain: &lt;!here&gt;/],
    [
      { missingGates: [], missingConnectors: [], missingRoles: ['CTO'] },
      /Roles missing from the gating rules: CTO/,
    ],
  ])('shows %j', (coverage, shown) => {
    expect(JSON.stringify(buildRootMessage({ ...base, coverage }).blocks)).toMatch(shown);
  });

  it('shows no coverage while drafting', () => {
    const message = buildRootMessage({ ...base, state: 'drafting', coverage: undefined });
    expect(JSON.stringify(message.blocks)).not.toContain('Coverage');
  });
});
