import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import { FIELD, SECTION_BLOCK } from '../../src/slack/ids.ts';
import {
  approveButtons,
  buttonsOf,
  CHANNEL,
  itemMessage,
  openModal,
  pressButton,
  REQUESTER,
  requestPlan,
  root,
  submitModal,
  textOf,
} from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const DAY = 86_400_000;
const SRE = 'U0SRE1';
const SME = 'U0SME1';
const CTO = 'U0CTO1';
const VP = 'U0VP1';
const ROLE_OF: Record<string, string> = { [SRE]: 'SRE lead', [SME]: 'SME', [CTO]: 'CTO', [VP]: 'VP' };

/** The app runs on the system clock: the launch freeze lies ten to twenty days from now. */
const LAUNCH_FROM = new Date(Math.floor((Date.now() + 10 * DAY) / 60_000) * 60_000);
const POLICY: Policy = {
  roles: {
    SME: { users: [SME], usergroups: [] },
    'SRE lead': { users: [SRE], usergroups: [] },
    CTO: { users: [CTO], usergroups: [] },
    VP: { users: [VP], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
  freezeWindows: [
    {
      name: 'Launch freeze',
      schedule: { kind: 'once', from: LAUNCH_FROM, until: new Date(LAUNCH_FROM.getTime() + 10 * DAY) },
      timezone: 'Europe/Berlin',
      riskClasses: ['high'],
      exceptionRole: 'VP',
    },
    {
      name: 'Quarter close',
      schedule: { kind: 'recurring', start: '0 0 28 3,6,9,12 *', end: '0 0 3 1,4,7,10 *' },
      timezone: 'America/New_York',
      riskClasses: ['medium'],
    },
  ],
};
/** A target start in the middle of the launch freeze. */
const IN_FREEZE = new Date(LAUNCH_FROM.getTime() + 5 * DAY).toISOString();

/** The high-risk sample plan's items and the matrix roles each needs (a draft adds its proposed role). */
const HIGH_ITEMS: readonly [string, readonly string[]][] = [
  ['scorecard', [SRE, CTO]],
  ['toolchain', [SRE, CTO]],
  ['gating', [SRE, CTO]],
  ['timeline', [SRE, CTO]],
  ['writeback', [SRE, CTO]],
  ['writeback:jira-epic-update', [SRE, CTO, SME]],
  ['writeback:confluence-runbook', [SRE, CTO]],
  ['writeback:slack-merchant-comms', [SRE, CTO]],
  ['exit', [SRE, CTO]],
];

async function approve(h: Harness, itemKey: string, userId: string): Promise<void> {
  const message = await itemMessage(h, itemKey);
  const button = approveButtons(message).find(
    (b) => (JSON.parse(b.value) as { role?: string }).role === ROLE_OF[userId],
  );
  if (!button) throw new Error(`no Approve button for ${ROLE_OF[userId]} on ${itemKey}`);
  expect((await pressButton(h, message, button, userId)).status).toBe(200);
  await h.idle();
}

describe('freeze windows end to end', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ policy: POLICY });
  });
  afterEach(() => h.close());

  it('a high-risk plan in a freeze shows the overlap, needs the exception role, and turns green only with it', async () => {
    await requestPlan(h, { risk_class: 'high', target_start: IN_FREEZE });

    const rootText = textOf(root(h));
    expect(rootText).toContain('Overlaps *Launch freeze*');
    expect(rootText).toContain(
      `<!date^${Math.floor(LAUNCH_FROM.getTime() / 1000)}^{date_short_pretty} {time}|`,
    );
    expect(rootText).toContain('(Europe/Berlin)');
    expect(rootText).toContain('“VP” must approve every item as the freeze exception');
    const scorecard = await itemMessage(h, 'scorecard');
    const notice = (scorecard.blocks as { block_id?: string }[]).find(
      (b) => b.block_id === SECTION_BLOCK.freezes,
    );
    expect(JSON.stringify(notice)).toContain('Overlaps *Launch freeze*');
    expect(textOf(scorecard)).toContain('*VP* (freeze exception)');

    for (const [itemKey, approvers] of HIGH_ITEMS) {
      for (const userId of approvers) await approve(h, itemKey, userId);
    }
    expect(textOf(root(h))).toContain('🟡 *Approval: pending*');
    expect(textOf(root(h))).not.toContain('🟢');

    for (const [itemKey] of HIGH_ITEMS) await approve(h, itemKey, VP);
    expect(textOf(root(h))).toContain('🟢 *Approval: approved*');
    expect(h.slack.violations).toEqual([]);
  });

  it('a low-risk plan in a freeze that covers only high risk is unaffected', async () => {
    await requestPlan(h, { risk_class: 'low', target_start: IN_FREEZE });

    const rootText = textOf(root(h));
    expect(rootText).not.toContain('Overlaps');
    expect(rootText).toContain('No freeze for this risk class in the target window');
    for (const [itemKey] of HIGH_ITEMS) {
      const message = await itemMessage(h, itemKey);
      expect(textOf(message), itemKey).not.toContain('freeze exception');
      expect(
        buttonsOf(message).some((b) => b.value.includes('"role":"VP"')),
        itemKey,
      ).toBe(false);
    }
  });

  it('tells the model the target window and the freezes of that period', async () => {
    await requestPlan(h, { risk_class: 'high', target_start: IN_FREEZE });
    const request = JSON.stringify(h.models.requests);
    expect(request).toContain('Target start:');
    expect(request).toContain('- Launch freeze:');
  });

  it('without a target window the root notes the next freeze that applies', async () => {
    await requestPlan(h, { risk_class: 'high' });
    expect(textOf(root(h))).toContain('Next freeze for this risk class: *Launch freeze*');
  });

  it('an end before the start comes back as a field error in the form, and nothing is planned', async () => {
    const opened = await openModal(h);
    const res = await submitModal(h, opened, {
      target_start: IN_FREEZE,
      target_end: LAUNCH_FROM.toISOString(),
    });
    expect(res.status).toBe(200);
    expect(JSON.parse(res.text)).toEqual({
      response_action: 'errors',
      errors: { [FIELD.targetEnd]: 'The end must be after the start.' },
    });
    expect(h.slack.rootMessages(CHANNEL)).toEqual([]);
  });

  it('/release-plan freezes lists the windows of the next 90 days, privately', async () => {
    const res = await h.client.command({ text: 'freezes', userId: REQUESTER, channelId: CHANNEL });
    expect(res.status).toBe(200);
    await h.slack.waitFor((s) => s.responses.length > 0, 5000, 'the freezes answer');
    const answer = JSON.stringify(h.slack.responses[0]?.body);
    expect(answer).toContain('Freeze windows in the next 90 days');
    expect(answer).toContain('*Launch freeze*');
    expect(answer).toContain('*Quarter close*');
    expect(answer).toContain('(America/New_York)');
    expect(h.slack.callsTo('chat.postMessage')).toEqual([]);
  });
});
