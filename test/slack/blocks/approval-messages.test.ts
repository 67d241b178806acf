import { describe, expect, it } from 'vitest';
import {
  buildDecisionNotice,
  buildNoPolicyNotice,
  buildPlanApprovedMessage,
} from '../../../src/slack/blocks/approval-messages.ts';
import { checkMessage } from './check.ts';

const AT = '2026-11-20T10:00:00.000Z';

describe('buildPlanApprovedMessage', () => {
  it('names who approved what, mentioning only the approvers', () => {
    const message = buildPlanApprovedMessage({
      version: 2,
      items: [
        { title: '1/6 · Scorecard <!channel>', approvals: [{ role: 'SRE lead', userId: 'U0SRE1', at: AT }] },
        {
          title: 'Draft: @here comms',
          approvals: [
            { role: 'SRE lead', userId: 'U0SRE1', at: AT },
            { role: 'CTO', userId: 'U0CTO1', at: AT },
          ],
        },
      ],
    });
    const all = `${message.text}${JSON.stringify(message.blocks)}`;
    expect(checkMessage(message)).toEqual([]);
    expect(new Set(all.match(/<@[A-Z0-9]+>/g))).toEqual(new Set(['<@U0SRE1>', '<@U0CTO1>']));
    expect(all).not.toMatch(/<!(channel|here)/);
    expect(all).not.toMatch(/@here/);
    expect(all).toContain('“CTO” <@U0CTO1>');
    expect(message.text).toContain('version 2');
  });

  it('stays within limits for many items', () => {
    const items = Array.from({ length: 200 }, (_, i) => ({
      title: `Draft ${i} ${'x'.repeat(150)}`,
      approvals: [{ role: 'R'.repeat(50), userId: 'U0123456789', at: AT }],
    }));
    const message = buildPlanApprovedMessage({ version: 1, items });
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message.blocks)).toMatch(/and \d+ more items/);
  });
});

describe('notices', () => {
  it('says approvals need a policy file, naming POLICY_FILE and the example', () => {
    const message = buildNoPolicyNotice();
    expect(checkMessage(message)).toEqual([]);
    expect(JSON.stringify(message)).toContain('`POLICY_FILE`');
    expect(message.text).toContain('policy.example.yml');
  });

  it('passes decision messages through as the safe mrkdwn they are', () => {
    const message = buildDecisionNotice(
      'Only a holder of “CTO” can approve this. Who can decide: “CTO” (<@U0CTO1>).',
    );
    expect(JSON.stringify(message.blocks)).toContain('(<@U0CTO1>)');
    expect(checkMessage(message)).toEqual([]);
  });
});
