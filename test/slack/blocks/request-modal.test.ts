import type { InputBlock, KnownBlock, ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import type { ModelChoice } from '../../../src/plan/model.ts';
import type { PlanRequest } from '../../../src/plan/request.ts';
import { buildRequestModal, ModalLimitError } from '../../../src/slack/blocks/request-modal.ts';
import { CALLBACK, FIELD, OPTION } from '../../../src/slack/ids.ts';
import { parseRequestState } from '../../../src/slack/modal-state.ts';
import { checkModal } from './check.ts';

const choices: ModelChoice[] = [
  { id: 'openai:gpt-5.5', provider: 'openai', model: 'gpt-5.5', label: 'OpenAI · gpt-5.5' },
  { id: 'anthropic:claude-x', provider: 'anthropic', model: 'claude-x', label: 'Anthropic · claude-x' },
];

const fullRequest: PlanRequest = {
  title: 'Payments 4.2',
  modelChoice: 'anthropic:claude-x',
  initiativeContext: 'Q3 checkout modernisation',
  changeScope: 'staging, prod-eu',
  evidenceChannels: 'Jira PAY, #payments-release',
  riskTolerance: 'No downtime',
  approvalMatrix: 'high: CAB',
  rollbackPlan: 'Flag off (on-call SRE)',
  riskClass: 'high',
  target: { start: '2026-12-01T09:00:00.000Z', end: '2026-12-03T17:30:00.000Z' },
  options: {
    criticalityBands: true,
    reviewCriteria: false,
    safetyFirstThreshold: 'medium',
    allowFallback: false,
    secondModelReview: false,
  },
};

function build(
  initial: Partial<PlanRequest> = {},
  over: Partial<Parameters<typeof buildRequestModal>[0]> = {},
): ModalView {
  return buildRequestModal({
    choices,
    initial,
    matrixHint: 'low: Tech lead',
    privateMetadata: '{}',
    ...over,
  });
}

function inputs(view: ModalView): InputBlock[] {
  return (view.blocks as KnownBlock[]).filter((b): b is InputBlock => b.type === 'input');
}

function inputOf(view: ModalView, field: string): InputBlock {
  const block = inputs(view).find((b) => b.block_id === field);
  if (!block) throw new Error(`no input ${field}`);
  return block;
}

/** What Slack would send back if the user submitted the modal untouched. */
function submittedValues(view: ModalView): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const block of inputs(view)) {
    const el = block.element;
    const id = el.action_id ?? '';
    if (el.type === 'plain_text_input')
      values[block.block_id ?? ''] = { [id]: { type: el.type, value: el.initial_value ?? null } };
    if (el.type === 'static_select') {
      values[block.block_id ?? ''] = { [id]: { type: el.type, selected_option: el.initial_option ?? null } };
    }
    if (el.type === 'checkboxes') {
      values[block.block_id ?? ''] = { [id]: { type: el.type, selected_options: el.initial_options ?? [] } };
    }
    if (el.type === 'datetimepicker') {
      values[block.block_id ?? ''] = {
        [id]: { type: el.type, selected_date_time: el.initial_date_time ?? null },
      };
    }
  }
  return values;
}

describe('buildRequestModal', () => {
  it('has the callback id, title, submit and close', () => {
    const view = build();
    expect(view).toMatchObject({
      type: 'modal',
      callback_id: CALLBACK.planRequest,
      title: { text: 'Release plan' },
      submit: { text: 'Draft plan' },
      close: { text: 'Cancel' },
      private_metadata: '{}',
    });
    expect(checkModal(view)).toEqual([]);
  });

  it('has one input per field, with block_id = action_id', () => {
    const view = build();
    expect(inputs(view).map((b) => b.block_id)).toEqual([
      FIELD.title,
      FIELD.model,
      FIELD.riskClass,
      FIELD.initiativeContext,
      FIELD.changeScope,
      FIELD.evidenceChannels,
      FIELD.riskTolerance,
      FIELD.approvalMatrix,
      FIELD.rollbackPlan,
      FIELD.targetStart,
      FIELD.targetEnd,
      FIELD.options,
      FIELD.safetyFirstThreshold,
    ]);
    for (const block of inputs(view)) expect(block.element.action_id).toBe(block.block_id);
  });

  it.each([
    FIELD.initiativeContext,
    FIELD.changeScope,
    FIELD.evidenceChannels,
    FIELD.riskTolerance,
    FIELD.approvalMatrix,
    FIELD.rollbackPlan,
  ])('%s is a multiline input with hint, placeholder and max_length 3000', (field) => {
    const block = inputOf(build(), field);
    expect(block.element).toMatchObject({ type: 'plain_text_input', multiline: true, max_length: 3000 });
    expect(block.hint?.text).toMatch(/Example/);
    expect(block.element).toHaveProperty('placeholder.text');
  });

  it('title is single line, max 150', () => {
    expect(inputOf(build(), FIELD.title).element).toMatchObject({ multiline: false, max_length: 150 });
  });

  it.each([
    [{}, 'openai:gpt-5.5'],
    [{ modelChoice: 'anthropic:claude-x' }, 'anthropic:claude-x'],
    [{ modelChoice: 'gone:model' }, 'openai:gpt-5.5'],
  ])('offers only configured models; initial %j → %s', (initial, expected) => {
    const element = inputOf(build(initial), FIELD.model).element;
    if (element.type !== 'static_select') throw new Error('not a select');
    expect(element.options?.map((o) => o.value)).toEqual(choices.map((c) => c.id));
    expect(element.initial_option?.value).toBe(expected);
  });

  it('never offers a choice whose id cannot fit an option value, nor more than 100', () => {
    const many: ModelChoice[] = Array.from({ length: 500 }, (_, i) => ({
      id: i === 0 ? `openai:${'x'.repeat(80)}` : `openai:m${i}`,
      provider: 'openai',
      model: `m${i}`,
      label: `OpenAI · ${'long label '.repeat(20)}${i}`,
    }));
    const view = build({}, { choices: many });
    const element = inputOf(view, FIELD.model).element;
    if (element.type !== 'static_select') throw new Error('not a select');
    expect(element.options).toHaveLength(100);
    expect(element.options?.[0]?.value).toBe('openai:m1');
    expect(checkModal(view)).toEqual([]);
  });

  it('offers the provider fallback only when two providers are configured', () => {
    const single = buildRequestModal({
      choices: choices.slice(0, 1),
      initial: {},
      matrixHint: '',
      privateMetadata: '{}',
    });
    const element = inputOf(single, FIELD.options).element;
    if (element.type !== 'checkboxes') throw new Error('not checkboxes');
    expect(element.options.map((o) => o.value)).not.toContain(OPTION.allowFallback);
  });

  it('risk class options carry descriptions; options and safety threshold are optional', () => {
    const view = build();
    const risk = inputOf(view, FIELD.riskClass).element;
    if (risk.type !== 'static_select') throw new Error('not a select');
    expect(risk.options?.map((o) => [o.value, Boolean(o.description?.text)])).toEqual([
      ['low', true],
      ['medium', true],
      ['high', true],
    ]);
    expect(inputOf(view, FIELD.options).optional).toBe(true);
    expect(inputOf(view, FIELD.safetyFirstThreshold).optional).toBe(true);
    expect(inputOf(view, FIELD.safetyFirstThreshold).hint?.text).toMatch(/safety-first defaults at or above/);
    const options = inputOf(view, FIELD.options).element;
    if (options.type !== 'checkboxes') throw new Error('not checkboxes');
    expect(options.options.map((o) => o.value)).toEqual([
      OPTION.criticalityBands,
      OPTION.reviewCriteria,
      OPTION.secondModelReview,
      OPTION.allowFallback,
    ]);
    expect(JSON.stringify(options)).toContain('Day-0 / day-1 / day-7 review criteria');
    expect(JSON.stringify(options)).toContain('Always on for high risk (policy)');
  });

  it('pre-fills every value so a resubmitted modal yields the same request', () => {
    const view = build(fullRequest);
    expect(checkModal(view)).toEqual([]);
    expect(parseRequestState(submittedValues(view), choices)).toEqual({ ok: true, request: fullRequest });
  });

  it.each([
    [{}, 'low: Tech lead'],
    [{ approvalMatrix: 'high: CAB' }, 'high: CAB'],
  ])('approval matrix comes from initial, else the policy hint (%j)', (initial, expected) => {
    expect(inputOf(build(initial), FIELD.approvalMatrix).element).toMatchObject({ initial_value: expected });
  });

  it('an empty initial leaves inputs empty rather than blank strings', () => {
    const element = inputOf(build({}, { matrixHint: '' }), FIELD.approvalMatrix).element;
    expect(element).not.toHaveProperty('initial_value');
    expect(inputOf(build(), FIELD.options).element).not.toHaveProperty('initial_options');
  });

  it('stays within limits with huge initial values', () => {
    const huge = '😀'.repeat(10_000);
    const view = build({
      ...fullRequest,
      title: `a\n${huge}`,
      initiativeContext: huge,
      approvalMatrix: huge,
    });
    expect(checkModal(view)).toEqual([]);
    expect(inputOf(view, FIELD.title).element).toMatchObject({
      initial_value: expect.not.stringContaining('\n'),
    });
  });

  it('refuses metadata Slack cannot carry', () => {
    expect(() => build({}, { privateMetadata: 'm'.repeat(3001) })).toThrow(ModalLimitError);
  });
});
