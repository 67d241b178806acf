import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ModelChoice } from '../../src/plan/model.ts';
import { PlanRequest } from '../../src/plan/request.ts';
import { FIELD, OPTION } from '../../src/slack/ids.ts';
import { parseRequestState } from '../../src/slack/modal-state.ts';

const choices: ModelChoice[] = [
  { id: 'openai:gpt-5.5', provider: 'openai', model: 'gpt-5.5', label: 'OpenAI · gpt-5.5' },
];

const text = (value: string | null) => ({ type: 'plain_text_input', value });
const select = (value: string | null) => ({
  type: 'static_select',
  selected_option: value === null ? null : { text: { type: 'plain_text', text: value }, value },
});
const checks = (...values: string[]) => ({
  type: 'checkboxes',
  selected_options: values.map((value) => ({ text: { type: 'plain_text', text: value }, value })),
});

type State = Record<string, Record<string, unknown>>;

function validState(over: Record<string, unknown> = {}): State {
  const fields: Record<string, unknown> = {
    [FIELD.title]: text('  Payments 4.2  '),
    [FIELD.model]: select('openai:gpt-5.5'),
    [FIELD.riskClass]: select('medium'),
    [FIELD.initiativeContext]: text('Q3 modernisation'),
    [FIELD.changeScope]: text('staging, prod'),
    [FIELD.evidenceChannels]: text('Jira'),
    [FIELD.riskTolerance]: text('No downtime'),
    [FIELD.approvalMatrix]: text('high: CAB'),
    [FIELD.rollbackPlan]: text('Flag off\nthen redeploy'),
    [FIELD.options]: checks(OPTION.reviewCriteria),
    [FIELD.safetyFirstThreshold]: select(null),
    ...over,
  };
  return Object.fromEntries(Object.entries(fields).map(([id, state]) => [id, { [id]: state }]));
}

describe('parseRequestState', () => {
  it('parses a valid submission, trimmed', () => {
    expect(parseRequestState(validState(), choices)).toEqual({
      ok: true,
      request: {
        title: 'Payments 4.2',
        modelChoice: 'openai:gpt-5.5',
        riskClass: 'medium',
        initiativeContext: 'Q3 modernisation',
        changeScope: 'staging, prod',
        evidenceChannels: 'Jira',
        riskTolerance: 'No downtime',
        approvalMatrix: 'high: CAB',
        rollbackPlan: 'Flag off\nthen redeploy',
        options: {
          criticalityBands: false,
          reviewCriteria: true,
          safetyFirstThreshold: null,
          allowFallback: false,
          secondModelReview: false,
        },
      },
    });
  });

  it.each([
    [
      { [FIELD.options]: checks(OPTION.criticalityBands, OPTION.reviewCriteria, 'unknown') },
      true,
      true,
      null,
      false,
    ],
    [{ [FIELD.options]: checks(OPTION.allowFallback) }, false, false, null, true],
    [{ [FIELD.options]: checks() }, false, false, null, false],
    [
      { [FIELD.options]: undefined, [FIELD.safetyFirstThreshold]: select('high') },
      false,
      false,
      'high',
      false,
    ],
  ])('reads options %j', (over, criticalityBands, reviewCriteria, safetyFirstThreshold, allowFallback) => {
    const result = parseRequestState(validState(over), choices);
    expect(result.ok && result.request.options).toEqual({
      criticalityBands,
      reviewCriteria,
      safetyFirstThreshold,
      allowFallback,
      secondModelReview: false,
    });
  });

  it('reads the second-model review option', () => {
    const result = parseRequestState(
      validState({ [FIELD.options]: checks(OPTION.secondModelReview) }),
      choices,
    );
    expect(result.ok && result.request.options.secondModelReview).toBe(true);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    ['empty title', { [FIELD.title]: text('   ') }, FIELD.title, /Add the title/],
    ['null title', { [FIELD.title]: text(null) }, FIELD.title, /Add the title/],
    ['missing title block', { [FIELD.title]: undefined }, FIELD.title, /Add the title/],
    [
      'title over 150',
      { [FIELD.title]: text('t'.repeat(151)) },
      FIELD.title,
      /under 150 characters \(it has 151\)/,
    ],
    [
      'context over 3000',
      { [FIELD.initiativeContext]: text('c'.repeat(3001)) },
      FIELD.initiativeContext,
      /under 3000/,
    ],
    ['empty rollback', { [FIELD.rollbackPlan]: text('') }, FIELD.rollbackPlan, /Add the rollback plan/],
    ['no model', { [FIELD.model]: select(null) }, FIELD.model, /Choose a model/],
    ['unknown model', { [FIELD.model]: select('evil:model') }, FIELD.model, /no longer available/],
    ['no risk class', { [FIELD.riskClass]: select(null) }, FIELD.riskClass, /Choose a risk class/],
    ['bad risk class', { [FIELD.riskClass]: select('extreme') }, FIELD.riskClass, /low, medium or high/],
    [
      'bad threshold',
      { [FIELD.safetyFirstThreshold]: select('x') },
      FIELD.safetyFirstThreshold,
      /low, medium or high/,
    ],
    [
      'malformed input state',
      { [FIELD.changeScope]: { value: 42 } },
      FIELD.changeScope,
      /Add the change scope/,
    ],
  ])('%s → error on that field only', (_name, over, field, message) => {
    const result = parseRequestState(validState(over), choices);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it.each([null, undefined, 42, 'x', [], {}])('reports every required field for %j', (values) => {
    const result = parseRequestState(values, choices);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(
      [
        FIELD.title,
        FIELD.model,
        FIELD.riskClass,
        FIELD.initiativeContext,
        FIELD.changeScope,
        FIELD.evidenceChannels,
        FIELD.riskTolerance,
        FIELD.approvalMatrix,
        FIELD.rollbackPlan,
      ].sort(),
    );
  });

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), fc.anything()), (values) => {
        parseRequestState(values, choices);
      }),
    );
  });

  it('never throws on Slack-shaped input, and an ok result is always a valid request', () => {
    const field = fc.constantFrom(...Object.values(FIELD));
    const state = fc.oneof(
      fc.record({ type: fc.string(), value: fc.option(fc.string({ unit: 'grapheme', maxLength: 200 })) }),
      fc.record({
        selected_option: fc.option(
          fc.record({ value: fc.constantFrom('low', 'high', 'openai:gpt-5.5', 'x') }),
        ),
      }),
      fc.record({
        selected_options: fc.array(fc.record({ value: fc.constantFrom(...Object.values(OPTION), 'x') })),
      }),
      fc.jsonValue(),
    );
    const values = fc.dictionary(field, fc.oneof(fc.dictionary(field, state), fc.jsonValue()));
    fc.assert(
      fc.property(
        fc.oneof(
          values,
          values.map((v) => ({ ...validState(), ...v })),
        ),
        (input) => {
          const result = parseRequestState(input, choices);
          return !result.ok || PlanRequest.safeParse(result.request).success;
        },
      ),
    );
  });
});

describe('parseRequestState: the target window', () => {
  const picker = (seconds: number | null) => ({ type: 'datetimepicker', selected_date_time: seconds });
  const DEC_1 = Date.parse('2026-12-01T09:00:00Z') / 1000;
  const DAY = 86_400;

  it.each<[string, number | null, number | null, unknown]>([
    ['no target window', null, null, undefined],
    ['a start alone', DEC_1, null, { start: '2026-12-01T09:00:00.000Z' }],
    [
      'a start and an end',
      DEC_1,
      DEC_1 + 2 * DAY,
      { start: '2026-12-01T09:00:00.000Z', end: '2026-12-03T09:00:00.000Z' },
    ],
  ])('%s', (_name, start, end, target) => {
    const result = parseRequestState(
      validState({ [FIELD.targetStart]: picker(start), [FIELD.targetEnd]: picker(end) }),
      choices,
    );
    expect(result.ok && result.request.target).toEqual(result.ok && target);
    expect(result.ok).toBe(true);
  });

  it.each<[string, number | null, number | null, string, RegExp]>([
    ['an end before the start', DEC_1, DEC_1 - DAY, FIELD.targetEnd, /after the start/],
    ['an end equal to the start', DEC_1, DEC_1, FIELD.targetEnd, /after the start/],
    ['an end without a start', null, DEC_1, FIELD.targetStart, /Add the start/],
    ['a window over a year', DEC_1, DEC_1 + 400 * DAY, FIELD.targetEnd, /under a year/],
  ])('%s → an error on that field', (_name, start, end, field, message) => {
    const result = parseRequestState(
      validState({ [FIELD.targetStart]: picker(start), [FIELD.targetEnd]: picker(end) }),
      choices,
    );
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field as keyof typeof result.errors]).toMatch(message);
  });

  it('ignores a malformed picker value rather than throwing', () => {
    const result = parseRequestState(validState({ [FIELD.targetStart]: picker(1e20) }), choices);
    expect(result.ok && result.request.target).toBeUndefined();
  });
});

describe('parseRequestState: the evidence inputs', () => {
  it('reads the commit or ref and the fix version, trimmed; absent when both are empty', () => {
    const result = parseRequestState(
      validState({ [FIELD.evidenceRef]: text(' release/2.4 '), [FIELD.fixVersion]: text('2.4.0') }),
      choices,
    );
    expect(result.ok && result.request.evidence).toEqual({ ref: 'release/2.4', fixVersion: '2.4.0' });
    const empty = parseRequestState(
      validState({ [FIELD.evidenceRef]: text(''), [FIELD.fixVersion]: text(null) }),
      choices,
    );
    expect(empty.ok && empty.request.evidence).toBeUndefined();
  });

  it.each(['main; rm -rf', 'a b', '../x?y=1', '-flag'])('refuses the ref %j with a field error', (ref) => {
    const result = parseRequestState(validState({ [FIELD.evidenceRef]: text(ref) }), choices);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(Object.keys(result.errors)).toEqual([FIELD.evidenceRef]);
  });
});
