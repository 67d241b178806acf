import { describe, expect, it } from 'vitest';
import type { WaitingPlan } from '../../../src/approval/inbox.ts';
import {
  buildEscalationDm,
  buildEscalationMessage,
  buildExpiryNotice,
  buildReminderMessage,
  durationWords,
} from '../../../src/slack/blocks/timeouts.ts';
import { checkMessage } from './check.ts';

const AT = '2026-11-20T10:00:00.000Z';

function waiting(id: string, items: number, title = `Plan ${id}`): WaitingPlan {
  return {
    planId: id,
    title,
    channelId: 'C0PLANS',
    rootTs: '1.1',
    since: AT,
    items: Array.from({ length: items }, (_, i) => ({
      itemKey: `k${i}`,
      title: `Item ${i}`,
      roles: ['SRE lead'],
    })),
  };
}

describe('durationWords', () => {
  it.each([
    [1_000, '1 second'],
    [30_000, '30 seconds'],
    [5_400_000, '90 minutes'],
    [14_400_000, '4 hours'],
    [172_800_000, '2 days'],
    [1_500, '2 seconds'],
  ])('%d ms is %s', (ms, words) => {
    expect(durationWords(ms)).toBe(words);
  });
});

describe('buildReminderMessage', () => {
  it('lists every waiting plan with its items, roles, a link and a Slack date, in one message', () => {
    const message = buildReminderMessage({
      waiting: [waiting('a', 2), waiting('b', 1)],
      permalinks: new Map([['a', 'https://x.slack.com/archives/C0PLANS/p1']]),
    });
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('3 items wait for your approval* in 2 plans');
    expect(shown).toContain('<https://x.slack.com/archives/C0PLANS/p1|Plan a>');
    expect(shown).toContain('*Plan b*');
    expect(shown).toContain('Item 1 — as “SRE lead”');
    expect(shown).toMatch(/waiting since <!date\^\d+\^\{date_short_pretty\} \{time\}\|/);
    expect(message.text).toBe('3 item(s) wait for your approval');
  });

  it('never mentions anyone or links elsewhere because a title says so', () => {
    const hostile = waiting('a', 1, '<!channel> <@U0BOSS> <https://evil.example|click>');
    const shown = JSON.stringify(buildReminderMessage({ waiting: [hostile], permalinks: new Map() }).blocks);
    expect(shown).not.toContain('<!channel>');
    expect(shown).not.toContain('<@U0BOSS>');
    expect(shown).not.toContain('<https://evil');
  });

  it('stays within Block Kit limits with 100 plans of 30 items, and counts the rest', () => {
    const many = Array.from({ length: 100 }, (_, i) =>
      waiting(`p${i}`, 30, `${'Long title '.repeat(20)}${i}`),
    );
    const message = buildReminderMessage({ waiting: many, permalinks: new Map() });
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toContain('and 85 more plan(s)');
    expect(JSON.stringify(message.blocks)).toContain('and 20 more in the thread');
  });
});

describe('escalation and expiry messages', () => {
  const input = {
    planTitle: 'Payments <!here>',
    role: 'CTO',
    holders: ['U0CTO1', 'U0CTO2'],
    afterMs: 172_800_000,
    items: [
      { title: 'Change Gating Rules', waitingFor: ['SRE lead'], since: AT },
      { title: 'Draft: Jira', waitingFor: [], since: AT },
    ],
  };

  it('mentions the escalation role’s holders (named by the policy) and says who may approve is unchanged', () => {
    const message = buildEscalationMessage(input);
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('Escalated to CTO* — these items have waited more than 2 days');
    expect(shown).toContain('<@U0CTO1> <@U0CTO2>');
    expect(shown).toContain('waiting for “SRE lead” since <!date^');
    expect(shown).toContain('on hold for changes');
    expect(shown).toContain('does not change who may approve');
    expect(message.text).not.toContain('<!here>');
    expect(checkMessage(message)).toEqual([]);
  });

  it('sends the holder a direct message linking the thread', () => {
    const message = buildEscalationDm({ ...input, permalink: 'https://x.slack.com/archives/C0PLANS/p1' });
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('<https://x.slack.com/archives/C0PLANS/p1|Payments &lt;!here&gt;>');
    expect(shown).toContain('escalated to you as “CTO”');
  });

  it('tells the requester the plan expired and how to start again', () => {
    const message = buildExpiryNotice({ requesterId: 'U0REQ', afterMs: 604_800_000 });
    const shown = JSON.stringify(message.blocks);
    expect(shown).toContain('waited more than 7 days');
    expect(shown).toContain('<@U0REQ>');
    expect(shown).toContain('`/release-plan`');
  });
});
