import type { AnyBlock, KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { WaitingPlan } from '../../../src/approval/inbox.ts';
import { buildHomeView, HOME_CAPS } from '../../../src/slack/blocks/app-home.ts';
import { LIMITS } from '../../../src/slack/blocks/limits.ts';
import { checkMessage } from './check.ts';

function waiting(n: number, itemsEach: number): WaitingPlan[] {
  return Array.from({ length: n }, (_, p) => ({
    planId: `plan-${p}`,
    title: `Plan ${p} ${'t'.repeat(200)}`,
    channelId: 'C0PLANS',
    rootTs: '1.1',
    since: '2026-11-20T10:00:00.000Z',
    items: Array.from({ length: itemsEach }, (_, i) => ({
      itemKey: `writeback:${i}`,
      title: `Draft: ${'d'.repeat(150)} ${i}`,
      roles: ['SRE lead', 'CTO'],
    })),
  }));
}

const check = (blocks: AnyBlock[]) =>
  checkMessage(
    { text: 'home', blocks: blocks as KnownBlock[] },
    { maxBlocks: LIMITS.blocksPerModal, maxChars: 100_000 },
  );

describe('buildHomeView', () => {
  it('groups waiting items by plan, linked to the thread, with role and age', () => {
    const view = buildHomeView({
      waiting: waiting(1, 2),
      mine: [],
      decisions: [],
      permalinks: new Map([['plan-0', 'https://slack.test/archives/C0PLANS/p11']]),
    });
    expect(view.type).toBe('home');
    expect(check(view.blocks)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Waiting for you (2)');
    expect(text).toContain('<https://slack.test/archives/C0PLANS/p11|Plan 0');
    expect(text).toMatch(/— as “SRE lead” or “CTO”/);
    expect(text).toContain('<!date^1795168800^{date_short_pretty} {time}|');
  });

  it('stays within Block Kit limits with 100 waiting items, summarising beyond a page', () => {
    for (const [plans, each] of [
      [100, 1],
      [10, 10],
      [1, 100],
      [50, 9],
    ] as const) {
      const input = waiting(plans, each);
      const view = buildHomeView({
        waiting: input,
        mine: input.map((p) => ({
          ...p,
          status: 'ready' as const,
          colour: 'yellow' as const,
          approved: 0,
          total: 9,
        })),
        decisions: Array.from({ length: 40 }, () => ({
          planTitle: 'P'.repeat(300),
          itemTitle: 'I'.repeat(300),
          role: 'SRE lead',
          decision: 'approve' as const,
          at: '2026-11-20T10:00:00.000Z',
        })),
        permalinks: new Map(),
      });
      expect(check(view.blocks), `${plans}×${each}`).toEqual([]);
      const text = JSON.stringify(view.blocks);
      expect(text).toContain(`Waiting for you (${plans * each})`);
      if (plans > HOME_CAPS.waitingPlans)
        expect(text).toContain(`${plans - HOME_CAPS.waitingPlans} more plan(s)`);
      if (each > HOME_CAPS.itemsPerPlan)
        expect(text).toContain(`${each - HOME_CAPS.itemsPerPlan} more in the thread`);
    }
  });

  it('says so when nothing waits and nothing was requested or decided', () => {
    const view = buildHomeView({ waiting: [], mine: [], decisions: [], permalinks: new Map() });
    expect(check(view.blocks)).toEqual([]);
    const text = JSON.stringify(view.blocks);
    expect(text).toContain('Nothing waits for your decision');
    expect(text).toContain('/release-plan');
    expect(text).toContain('No decisions yet.');
  });

  it('escapes titles and shows recent decisions with their time', () => {
    const view = buildHomeView({
      waiting: [],
      mine: [
        {
          planId: 'p',
          title: '<!channel> plan',
          status: 'ready',
          colour: 'green',
          approved: 9,
          total: 9,
          channelId: 'C0PLANS',
          rootTs: null,
        },
      ],
      decisions: [
        {
          planTitle: 'P',
          itemTitle: 'Gating',
          role: 'CTO',
          decision: 'request_changes',
          at: '2026-11-20T10:00:00Z',
        },
      ],
      permalinks: new Map(),
    });
    const text = JSON.stringify(view.blocks);
    expect(text).not.toContain('<!channel>');
    expect(text).toMatch(/🟢 \*&lt;!channel&gt; plan\* — ready · 9 of 9 items approved/);
    expect(text).toMatch(/Requested changes on \*Gating\* of P as “CTO” · <!date\^/);
  });
});
