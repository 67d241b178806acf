import { describe, expect, it } from 'vitest';
import {
  exceptionRoles,
  type FreezeWindow,
  freezesIn,
  hasUnexceptedFreeze,
  nextFreeze,
  occurrencesIn,
  overlappingFreezes,
  type TargetWindow,
} from '../../src/approval/freezes.ts';
import type { RiskClass } from '../../src/plan/schema.ts';

const at = (iso: string) => new Date(iso);

const YEAR_END: FreezeWindow = {
  name: 'Year-end freeze',
  schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
  timezone: 'Europe/Berlin',
  riskClasses: ['medium', 'high'],
  exceptionRole: 'CTO',
};
/** Friday 16:00 to Monday 06:00 Berlin time: spans the spring-forward night of 2026-03-29. */
const WEEKEND: FreezeWindow = {
  name: 'Weekend',
  schedule: { kind: 'recurring', start: '0 16 * * 5', end: '0 6 * * 1' },
  timezone: 'Europe/Berlin',
  riskClasses: ['low', 'medium', 'high'],
};
const LAUNCH: FreezeWindow = {
  name: 'Payments launch',
  schedule: { kind: 'once', from: at('2026-12-01T00:00:00Z'), until: at('2026-12-03T00:00:00Z') },
  timezone: 'UTC',
  riskClasses: ['high'],
  exceptionRole: 'SRE lead',
};

const span = (o: { start: Date; end: Date }) => [o.start.toISOString(), o.end.toISOString()];

describe('occurrencesIn', () => {
  it.each<[string, FreezeWindow, string, string, string[][]]>([
    [
      'a recurring window across the year boundary (ends at the next end match)',
      YEAR_END,
      '2026-11-01T00:00:00Z',
      '2027-02-01T00:00:00Z',
      [['2026-12-14T23:00:00.000Z', '2027-01-04T23:00:00.000Z']],
    ],
    [
      'an occurrence that started before the range is still found',
      YEAR_END,
      '2027-01-01T00:00:00Z',
      '2027-01-02T00:00:00Z',
      [['2026-12-14T23:00:00.000Z', '2027-01-04T23:00:00.000Z']],
    ],
    [
      'two years: two occurrences',
      YEAR_END,
      '2026-06-01T00:00:00Z',
      '2028-06-01T00:00:00Z',
      [
        ['2026-12-14T23:00:00.000Z', '2027-01-04T23:00:00.000Z'],
        ['2027-12-14T23:00:00.000Z', '2028-01-04T23:00:00.000Z'],
      ],
    ],
    [
      'a DST change in the zone: 16:00 CET Friday to 06:00 CEST Monday is an hour shorter',
      WEEKEND,
      '2026-03-25T00:00:00Z',
      '2026-04-04T00:00:00Z',
      [
        ['2026-03-27T15:00:00.000Z', '2026-03-30T04:00:00.000Z'],
        ['2026-04-03T14:00:00.000Z', '2026-04-06T04:00:00.000Z'],
      ],
    ],
    [
      'a one-off window',
      LAUNCH,
      '2026-11-30T00:00:00Z',
      '2026-12-31T00:00:00Z',
      [['2026-12-01T00:00:00.000Z', '2026-12-03T00:00:00.000Z']],
    ],
    ['a one-off window outside the range', LAUNCH, '2026-12-03T00:00:00Z', '2026-12-31T00:00:00Z', []],
    ['an empty range', YEAR_END, '2026-12-20T00:00:00Z', '2026-12-20T00:00:00Z', []],
  ])('%s', (_, window, from, to, expected) => {
    expect(occurrencesIn(window, at(from), at(to)).map(span)).toEqual(expected);
  });
});

describe('overlappingFreezes', () => {
  const windows = [YEAR_END, WEEKEND, LAUNCH];
  it.each<[string, TargetWindow | undefined, RiskClass, string[]]>([
    ['no target window', undefined, 'high', []],
    [
      'a high-risk target inside the year-end freeze and a weekend',
      { start: at('2026-12-18T09:00:00Z'), end: at('2026-12-21T09:00:00Z') },
      'high',
      ['Year-end freeze', 'Weekend'],
    ],
    [
      'a low-risk target in the same days: the year-end freeze does not apply',
      { start: at('2026-12-18T09:00:00Z'), end: at('2026-12-21T09:00:00Z') },
      'low',
      ['Weekend'],
    ],
    [
      'a medium-risk target in the launch window: it covers only high risk',
      { start: at('2026-12-01T09:00:00Z'), end: at('2026-12-02T09:00:00Z') },
      'medium',
      [],
    ],
    [
      'a target ending exactly where the launch starts (ends are exclusive)',
      { start: at('2026-11-30T09:00:00Z'), end: at('2026-12-01T00:00:00Z') },
      'high',
      [],
    ],
    [
      'a target starting exactly where the launch ends',
      { start: at('2026-12-03T00:00:00Z'), end: at('2026-12-03T12:00:00Z') },
      'high',
      [],
    ],
    [
      'a target without an end is its start instant',
      { start: at('2026-12-01T00:00:00Z') },
      'high',
      ['Payments launch'],
    ],
    ['the first instant after the year-end freeze', { start: at('2027-01-04T23:00:00Z') }, 'high', []],
    ['the last instant inside it', { start: at('2027-01-04T22:59:59Z') }, 'high', ['Year-end freeze']],
  ])('%s', (_, target, riskClass, expected) => {
    expect(overlappingFreezes(windows, target, riskClass).map((o) => o.window.name)).toEqual(expected);
  });
});

describe('nextFreeze', () => {
  it.each<[string, string, RiskClass, string | undefined, string | undefined]>([
    ['the next weekend for low risk', '2026-12-09T10:00:00Z', 'low', 'Weekend', '2026-12-11T15:00:00.000Z'],
    [
      'the running year-end freeze for high risk',
      '2026-12-16T10:00:00Z',
      'high',
      'Year-end freeze',
      '2026-12-14T23:00:00.000Z',
    ],
    [
      'the launch before the year-end freeze',
      '2026-11-20T10:00:00Z',
      'high',
      'Payments launch',
      '2026-12-01T00:00:00.000Z',
    ],
  ])('%s', (_, now, riskClass, name, start) => {
    const next = nextFreeze(
      [YEAR_END, LAUNCH, ...(riskClass === 'low' ? [WEEKEND] : [])],
      at(now),
      riskClass,
    );
    expect(next?.window.name).toBe(name);
    expect(next?.start.toISOString()).toBe(start);
  });

  it('finds nothing when no window applies', () => {
    expect(nextFreeze([LAUNCH], at('2026-11-20T00:00:00Z'), 'low')).toBeUndefined();
  });
});

describe('freezesIn and the exception roles', () => {
  it('sorts occurrences of several windows by start and caps a busy recurring window', () => {
    const minutely: FreezeWindow = {
      ...WEEKEND,
      schedule: { kind: 'recurring', start: '* * * * *', end: '0 0 * * *' },
    };
    expect(freezesIn([minutely], at('2026-01-01T00:00:00Z'), at('2026-12-31T00:00:00Z')).length).toBe(200);
    const names = freezesIn([YEAR_END, LAUNCH], at('2026-11-01T00:00:00Z'), at('2027-01-31T00:00:00Z')).map(
      (o) => o.window.name,
    );
    expect(names).toEqual(['Payments launch', 'Year-end freeze']);
  });

  it.each<[string, FreezeWindow[], string[], boolean]>([
    ['one role per window, once each', [YEAR_END, LAUNCH, YEAR_END], ['CTO', 'SRE lead'], false],
    ['a window without an exception role cannot be excepted', [WEEKEND, YEAR_END], ['CTO'], true],
    ['no overlap', [], [], false],
  ])('%s', (_, windows, roles, unexcepted) => {
    const overlaps = windows.map((window) => ({
      window,
      start: at('2026-12-01T00:00:00Z'),
      end: at('2026-12-02T00:00:00Z'),
    }));
    expect(exceptionRoles(overlaps)).toEqual(roles);
    expect(hasUnexceptedFreeze(overlaps)).toBe(unexcepted);
  });
});
