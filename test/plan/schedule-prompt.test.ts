import { describe, expect, it } from 'vitest';
import { type FreezeWindow, freezesForPlan } from '../../src/approval/freezes.ts';
import { renderRequest } from '../../src/plan/prompts.ts';
import type { TargetRequest } from '../../src/plan/request.ts';
import { type PromptFreeze, scheduleLines } from '../../src/plan/schedule-prompt.ts';
import { sampleRequest } from '../fakes/plan-fixture.ts';

const YEAR_END: PromptFreeze = {
  name: 'Year-end freeze',
  start: new Date('2026-12-14T23:00:00Z'),
  end: new Date('2027-01-04T23:00:00Z'),
  timezone: 'Europe/Berlin',
  exceptionRole: 'CTO',
};

describe('scheduleLines', () => {
  it.each<[string, TargetRequest | undefined, PromptFreeze[], RegExp[]]>([
    ['nothing to say', undefined, [], []],
    [
      'a target window',
      { start: '2026-12-01T09:00:00.000Z', end: '2026-12-22T17:00:00.000Z' },
      [],
      [
        /^Target window: from 2026-12-01 09:00 UTC until 2026-12-22 17:00 UTC\. Lay the Execution Timeline out inside it/,
      ],
    ],
    ['a target start', { start: '2026-12-01T09:00:00.000Z' }, [], [/^Target start: 2026-12-01 09:00 UTC\./]],
    [
      'the freezes of the period, with their exception roles',
      { start: '2026-12-01T09:00:00.000Z', end: '2026-12-22T17:00:00.000Z' },
      [YEAR_END, { ...YEAR_END, name: 'Audit </request> <b>', exceptionRole: undefined }],
      [
        /Freeze windows that apply to this plan's risk class/,
        /^- Year-end freeze: 2026-12-14 23:00 UTC until 2027-01-04 23:00 UTC \(set in Europe\/Berlin\); exception only with approval by CTO$/m,
        /^- Audit ‹\/request> ‹b>: .*; no exception$/m,
        /Keep every step of the timeline out of these windows/,
      ],
    ],
  ])('%s', (_name, target, freezes, expected) => {
    const lines = scheduleLines(target, freezes);
    if (expected.length === 0) expect(lines).toEqual([]);
    for (const pattern of expected) expect(lines.join('\n')).toMatch(pattern);
  });

  it('follows the request in the prompt, outside its tags', () => {
    const request = sampleRequest({ target: { start: '2026-12-01T09:00:00.000Z' } });
    const prompt = renderRequest(request, [YEAR_END]);
    expect(prompt.indexOf('</request>')).toBeLessThan(prompt.indexOf('Target start'));
    expect(prompt).toContain('- Year-end freeze:');
    expect(renderRequest(sampleRequest())).not.toMatch(/Target|Freeze windows/);
  });
});

describe('freezesForPlan: the period the model is told about', () => {
  const window: FreezeWindow = {
    name: 'Year-end freeze',
    schedule: { kind: 'recurring', start: '0 0 15 12 *', end: '0 0 5 1 *' },
    timezone: 'Europe/Berlin',
    riskClasses: ['high'],
  };
  it.each<[string, Parameters<typeof freezesForPlan>[1], string, number]>([
    [
      'no target: three weeks from now, which reach the freeze',
      { riskClass: 'high' },
      '2026-12-01T00:00:00Z',
      1,
    ],
    ['no target: three weeks from now, before it', { riskClass: 'high' }, '2026-11-01T00:00:00Z', 0],
    ['another risk class', { riskClass: 'low' }, '2026-12-01T00:00:00Z', 0],
    [
      'a target window before the freeze, whatever now is',
      { riskClass: 'high', target: { start: '2026-11-01T00:00:00Z', end: '2026-11-20T00:00:00Z' } },
      '2026-12-20T00:00:00Z',
      0,
    ],
    [
      'a target start: three weeks from it',
      { riskClass: 'high', target: { start: '2026-12-10T00:00:00Z' } },
      '2026-01-01T00:00:00Z',
      1,
    ],
  ])('%s', (_name, request, now, count) => {
    expect(freezesForPlan([window], request, new Date(now))).toHaveLength(count);
  });
});
