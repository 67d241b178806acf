import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/approval/roles.ts';
import { showFreezes } from '../../../src/services/planning/freezes.ts';
import { serviceWorld, TestClock } from '../../fakes/service-deps.ts';

const POLICY: Policy = {
  roles: { CTO: { users: ['U0CTO1'], usergroups: [] } },
  approvalMatrix: { low: ['CTO'], medium: ['CTO'], high: ['CTO'] },
  freezeWindows: [
    {
      name: 'Year-end freeze',
      schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
      timezone: 'Europe/Berlin',
      riskClasses: ['medium', 'high'],
      exceptionRole: 'CTO',
    },
    {
      name: 'Next spring launch',
      schedule: {
        kind: 'once',
        from: new Date('2027-04-01T00:00:00Z'),
        until: new Date('2027-04-02T00:00:00Z'),
      },
      timezone: 'UTC',
      riskClasses: ['high'],
    },
  ],
};
const TO = { userId: 'U0REQ', channelId: 'C0PLANS', responseUrl: null };

describe('showFreezes', () => {
  it.each<[string, string, Policy, RegExp[], RegExp[]]>([
    [
      'the windows of the next 90 days, privately',
      '2026-11-30T09:00:00Z',
      POLICY,
      [/Year-end freeze/, /Medium, High risk/, /exception: “CTO”/],
      [/Next spring launch/],
    ],
    [
      'a window running now is listed',
      '2027-01-02T09:00:00Z',
      POLICY,
      [/Year-end freeze/, /<!date\^1797289200\^/, /Next spring launch/, /High risk · no exception/],
      [],
    ],
    ['none in the period', '2027-04-03T09:00:00Z', POLICY, [/No freeze windows in the next 90 days/], []],
    [
      'none configured',
      '2026-11-30T09:00:00Z',
      { ...POLICY, freezeWindows: [] },
      [/No freeze windows are configured/],
      [],
    ],
  ])('%s', async (_name, now, policy, shown, hidden) => {
    const world = serviceWorld({ policy, clock: new TestClock(now) });
    await showFreezes(world.deps, TO);
    const sent = world.slack.callsTo('chat.postEphemeral');
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ channel: 'C0PLANS', user: 'U0REQ' });
    const all = JSON.stringify(sent[0]);
    for (const pattern of shown) expect(all).toMatch(pattern);
    for (const pattern of hidden) expect(all).not.toMatch(pattern);
  });
});
