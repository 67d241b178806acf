import { describe, expect, it } from 'vitest';
import type { FreezeOccurrence, FreezeWindow } from '../../../src/approval/freezes.ts';
import { buildFreezesMessage } from '../../../src/slack/blocks/freezes-message.ts';
import { checkMessage } from './check.ts';

const window = (over: Partial<FreezeWindow> = {}): FreezeWindow => ({
  name: 'Year-end freeze',
  schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
  timezone: 'Europe/Berlin',
  riskClasses: ['low', 'medium', 'high'],
  ...over,
});
const occurrence = (w: FreezeWindow, day = 1): FreezeOccurrence => ({
  window: w,
  start: new Date(Date.UTC(2026, 11, day)),
  end: new Date(Date.UTC(2026, 11, day + 1)),
});

describe('buildFreezesMessage', () => {
  it.each<[string, FreezeOccurrence[], boolean, RegExp[]]>([
    ['nothing configured', [], false, [/No freeze windows are configured/, /freeze_windows/]],
    ['nothing in the period', [], true, [/No freeze windows in the next 90 days/]],
    [
      'one window for every class, with an exception role',
      [occurrence(window({ exceptionRole: 'CTO' }))],
      true,
      [
        /Freeze windows in the next 90 days/,
        /\*Year-end freeze\* — <!date\^/,
        /all risk classes · exception: “CTO”/,
      ],
    ],
    [
      'a high-only window without one, its name escaped',
      [occurrence(window({ name: 'Launch <!here>', riskClasses: ['high'] }))],
      true,
      [/Launch &lt;!here&gt;/, /High risk · no exception/],
    ],
    [
      'more than fit',
      Array.from({ length: 45 }, (_, i) => occurrence(window(), (i % 28) + 1)),
      true,
      [/…and 5 more/],
    ],
  ])('%s', (_name, occurrences, configured, expected) => {
    const message = buildFreezesMessage({ occurrences, days: 90, configured });
    const all = JSON.stringify(message.blocks);
    for (const pattern of expected) expect(all).toMatch(pattern);
    expect(all).not.toMatch(/<!here>/);
    expect(checkMessage(message)).toEqual([]);
  });
});
