import { describe, expect, it } from 'vitest';
import type { FreezeOccurrence, FreezeWindow } from '../../../src/approval/freezes.ts';
import {
  freezeNotice,
  freezeRange,
  overlapLine,
  slackTime,
  zonedTime,
} from '../../../src/slack/blocks/freeze-lines.ts';
import { buildRootMessage, type RootView } from '../../../src/slack/blocks/root-message.ts';
import { buildSectionMessages } from '../../../src/slack/blocks/section-message.ts';
import { ROOT_BLOCK, SECTION_BLOCK } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import { checkMessage } from './check.ts';

const YEAR_END: FreezeWindow = {
  name: 'Year-end freeze',
  schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
  timezone: 'Europe/Berlin',
  riskClasses: ['high'],
  exceptionRole: 'CTO',
};
const occurrence = (window: FreezeWindow = YEAR_END): FreezeOccurrence => ({
  window,
  start: new Date('2026-12-14T23:00:00Z'),
  end: new Date('2027-01-04T23:00:00Z'),
});

describe('freeze lines', () => {
  it.each([
    ['Europe/Berlin', 'Dec 15, 2026, 00:00'],
    ['UTC', 'Dec 14, 2026, 23:00'],
    ['Nowhere/Else', 'Dec 14, 2026, 23:00 UTC'],
  ])('the fallback is the time in %s', (zone, expected) => {
    expect(zonedTime(new Date('2026-12-14T23:00:00Z'), zone)).toBe(expected);
  });

  it('shows times as Slack date tokens, read in each reader’s zone', () => {
    expect(slackTime(new Date('2026-12-14T23:00:00Z'), 'Europe/Berlin')).toBe(
      '<!date^1797289200^{date_short_pretty} {time}|Dec 15, 2026, 00:00>',
    );
    expect(freezeRange(occurrence())).toMatch(
      /\|Dec 15, 2026, 00:00> – <!date\^\d+\^[^|]+\|Jan 5, 2027, 00:00> \(Europe\/Berlin\)$/,
    );
  });

  it.each<[string, FreezeWindow, RegExp]>([
    [
      'with an exception role',
      YEAR_END,
      /^⛔ Overlaps \*Year-end freeze\*, .* — “CTO” must approve every item as the freeze exception$/,
    ],
    [
      'without one',
      { ...YEAR_END, exceptionRole: undefined } as FreezeWindow,
      /no exception role, so the plan stays yellow: move the target window$/,
    ],
    ['a name that tries to ping', { ...YEAR_END, name: 'Freeze <!channel>' }, /Freeze &lt;!channel&gt;/],
  ])('an overlap %s', (_name, window, expected) => {
    expect(overlapLine(occurrence(window))).toMatch(expected);
  });

  it.each<[string, Parameters<typeof freezeNotice>[0], RegExp[] | undefined]>([
    ['nothing to say', { overlaps: [] }, undefined],
    [
      'the next freeze without a target',
      { overlaps: [], next: occurrence() },
      [/^🧊 Next freeze for this risk class: \*Year-end freeze\*/],
    ],
    [
      'a target clear of freezes',
      { target: { start: new Date('2026-11-02T09:00:00Z') }, overlaps: [], next: occurrence() },
      [
        /^🎯 \*Target:\* <!date\^1793610000\^\{date_short_pretty\} \{time\}\|Nov 2, 2026, 09:00 UTC>/,
        /No freeze for this risk class/,
      ],
    ],
    [
      'a target in a freeze',
      {
        target: { start: new Date('2026-12-18T09:00:00Z'), end: new Date('2026-12-19T09:00:00Z') },
        overlaps: [occurrence()],
      },
      [/^🎯 \*Target window:\* <!date.* – <!date/, /⛔ Overlaps \*Year-end freeze\*/],
    ],
  ])('the notice: %s', (_name, view, expected) => {
    const notice = freezeNotice(view);
    if (!expected) return expect(notice).toBeUndefined();
    for (const pattern of expected) expect(notice).toMatch(pattern);
  });
});

describe('the freeze notice on the root and the scorecard', () => {
  const notice = freezeNotice({
    target: { start: new Date('2026-12-18T09:00:00Z') },
    overlaps: [occurrence()],
  });
  const root: RootView = {
    planId: '0e9b7b7e-1111-4222-8333-944444444444',
    title: 'Payments 4.2',
    requesterId: 'U0REQ1',
    riskClass: 'high',
    modelLabel: 'OpenAI · gpt-5.5',
    version: 1,
    state: 'drafting',
    sectionsDone: 2,
    freezeNotice: notice,
  };

  it('puts it under the fields of the root, within limits', () => {
    const message = buildRootMessage(root);
    const block = message.blocks.find((b) => b.block_id === ROOT_BLOCK.freezes);
    expect(JSON.stringify(block)).toContain('Overlaps *Year-end freeze*');
    expect(message.blocks.findIndex((b) => b.block_id === ROOT_BLOCK.freezes)).toBe(
      message.blocks.findIndex((b) => b.block_id === ROOT_BLOCK.fields) + 1,
    );
    expect(checkMessage(message)).toEqual([]);
    expect(
      buildRootMessage({ ...root, freezeNotice: undefined }).blocks.some(
        (b) => b.block_id === ROOT_BLOCK.freezes,
      ),
    ).toBe(false);
  });

  it.each([
    ['scorecard', true],
    ['gating', false],
  ] as const)('shows it on the %s: %s', (key, shown) => {
    const plan = samplePlan();
    const section = key === 'scorecard' ? { key, value: plan.scorecard } : { key, value: plan.gating };
    const messages = buildSectionMessages(section, {
      planId: 'p',
      version: 1,
      index: 0,
      freezeNotice: notice,
    });
    const found = messages.flatMap((m) => m.blocks).find((b) => b.block_id === SECTION_BLOCK.freezes);
    expect(found !== undefined).toBe(shown);
  });
});
