import type { InputBlock, KnownBlock, ModalView, PlainTextOption } from '@slack/types';
import { AppError } from '../../errors.ts';
import type { ModelChoice } from '../../plan/model.ts';
import type { PlanRequest } from '../../plan/request.ts';
import { RISK_CLASSES, RISK_LABEL, type RiskClass } from '../../plan/schema.ts';
import { CALLBACK, FIELD, type FieldId, OPTION } from '../ids.ts';
import { input } from './inputs.ts';
import { LIMITS } from './limits.ts';
import { mrkdwnText, plainText, truncate } from './mrkdwn.ts';
import { targetInputs } from './target-inputs.ts';

export class ModalLimitError extends AppError {
  constructor(message: string) {
    super('modal_limit', message);
  }
}

export type RequestTextKey =
  | 'title'
  | 'initiativeContext'
  | 'changeScope'
  | 'evidenceChannels'
  | 'riskTolerance'
  | 'approvalMatrix'
  | 'rollbackPlan';

export interface TextFieldSpec {
  field: FieldId;
  key: RequestTextKey;
  label: string;
  /** Lower-case noun for error messages: "Add the {noun}." */
  noun: string;
  hint: string;
  placeholder: string;
  maxLength: number;
  multiline: boolean;
}

const TITLE_MAX = 150;
const TEXT_MAX = LIMITS.plainTextInputMaxLength;

/** The free-text planning variables, in modal order; modal-state.ts parses the same table. */
export const REQUEST_TEXT_FIELDS: readonly TextFieldSpec[] = [
  {
    field: FIELD.title,
    key: 'title',
    label: 'Title',
    noun: 'title',
    hint: 'A short name for the plan, shown in the channel. Example: Payments API v3 rollout',
    placeholder: 'e.g. Payments API v3 rollout',
    maxLength: TITLE_MAX,
    multiline: false,
  },
  {
    field: FIELD.initiativeContext,
    key: 'initiativeContext',
    label: 'Initiative context',
    noun: 'initiative context',
    hint: 'Program context and business objective. Example: Q3 checkout modernisation; cut checkout latency by 30%.',
    placeholder: 'Program context and business objective',
    maxLength: TEXT_MAX,
    multiline: true,
  },
  {
    field: FIELD.changeScope,
    key: 'changeScope',
    label: 'Change scope',
    noun: 'change scope',
    hint: 'Environments, modules and affected teams. Example: staging and prod-eu; payments-api, ledger; Payments and SRE teams.',
    placeholder: 'Environments, modules, affected teams',
    maxLength: TEXT_MAX,
    multiline: true,
  },
  {
    field: FIELD.evidenceChannels,
    key: 'evidenceChannels',
    label: 'Evidence channels',
    noun: 'evidence channels',
    hint: 'Systems that provide decision evidence. Example: Jira PAY project, #payments-release, Confluence runbook, CI pipeline.',
    placeholder: 'Jira, Slack channels, Confluence, CI…',
    maxLength: TEXT_MAX,
    multiline: true,
  },
  {
    field: FIELD.riskTolerance,
    key: 'riskTolerance',
    label: 'Risk tolerance',
    noun: 'risk tolerance',
    hint: 'Allowed risk levels and rollback constraints. Example: no customer-facing downtime; rollback within 15 minutes.',
    placeholder: 'Allowed risk levels, rollback constraints',
    maxLength: TEXT_MAX,
    multiline: true,
  },
  {
    field: FIELD.approvalMatrix,
    key: 'approvalMatrix',
    label: 'Approval matrix',
    noun: 'approval matrix',
    hint: 'Approver role per risk class. Example: low: Tech lead; medium: Engineering manager; high: Change advisory board.',
    placeholder: 'Approver role per risk class',
    maxLength: TEXT_MAX,
    multiline: true,
  },
  {
    field: FIELD.rollbackPlan,
    key: 'rollbackPlan',
    label: 'Rollback plan',
    noun: 'rollback plan',
    hint: 'Recovery actions and their owners. Example: turn the feature flag off (on-call SRE); redeploy v2.14 (release manager).',
    placeholder: 'Recovery actions and owners',
    maxLength: TEXT_MAX,
    multiline: true,
  },
];

const RISK_OPTION: Record<RiskClass, { text: string; description: string }> = {
  low: { text: RISK_LABEL.low, description: 'Routine change, easy to reverse' },
  medium: { text: RISK_LABEL.medium, description: 'Customer-visible, or slow to reverse' },
  high: { text: RISK_LABEL.high, description: 'Critical path, data or compliance impact' },
};

function option(text: string, value: string, description?: string): PlainTextOption {
  return {
    text: plainText(text, LIMITS.optionText),
    value,
    ...(description ? { description: plainText(description, LIMITS.optionDescription) } : {}),
  };
}

function riskOptions(): PlainTextOption[] {
  return RISK_CLASSES.map((risk) => option(RISK_OPTION[risk].text, risk, RISK_OPTION[risk].description));
}

/** Choices Slack can carry: an option value holds at most 75 chars, a select at most 100 options. */
export function offeredChoices(choices: readonly ModelChoice[]): ModelChoice[] {
  return choices
    .filter((c) => c.id.length > 0 && c.id.length <= LIMITS.optionValue)
    .slice(0, LIMITS.staticSelectOptions);
}

function textInput(spec: TextFieldSpec, initial: string | undefined): InputBlock {
  const value = initial === undefined ? '' : spec.multiline ? initial : initial.replace(/\s*\n\s*/g, ' ');
  return input(
    spec.field,
    spec.label,
    {
      type: 'plain_text_input',
      action_id: spec.field,
      multiline: spec.multiline,
      max_length: spec.maxLength,
      placeholder: plainText(spec.placeholder, LIMITS.placeholder),
      ...(value.trim() ? { initial_value: truncate(value, spec.maxLength) } : {}),
    },
    { hint: plainText(spec.hint, LIMITS.inputHint) },
  );
}

function modelInput(choices: ModelChoice[], initialId: string | undefined): KnownBlock {
  const options = choices.map((c) => option(c.label, c.id));
  if (options.length === 0) {
    return {
      type: 'section',
      text: mrkdwnText('*Model* — no model is configured; ask an admin.', LIMITS.sectionText),
    };
  }
  const initialOption = options.find((o) => o.value === initialId) ?? options[0];
  return input(
    FIELD.model,
    'Model',
    {
      type: 'static_select',
      action_id: FIELD.model,
      options,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
    { hint: plainText('Only the models configured for this workspace are offered.', LIMITS.inputHint) },
  );
}

function riskInput(initial: RiskClass | undefined): InputBlock {
  const options = riskOptions();
  const initialOption = options.find((o) => o.value === initial);
  return input(
    FIELD.riskClass,
    'Risk class',
    {
      type: 'static_select',
      action_id: FIELD.riskClass,
      placeholder: plainText('Choose a risk class', LIMITS.placeholder),
      options,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
    { hint: plainText('Decides which approver role signs off each section.', LIMITS.inputHint) },
  );
}

function optionsInput(initial: PlanRequest['options'] | undefined, providers: number, hint: string) {
  const options = [
    option('Criticality bands (high / medium / low playbooks)', OPTION.criticalityBands),
    option('Day-0 / day-1 / day-7 review criteria', OPTION.reviewCriteria),
    option('Second-model review of the gating rules', OPTION.secondModelReview, hint),
    // Only meaningful when a second provider is configured.
    ...(providers > 1
      ? [option('If the model keeps failing, use the other provider', OPTION.allowFallback)]
      : []),
  ];
  const on: Record<string, boolean | undefined> = {
    [OPTION.criticalityBands]: initial?.criticalityBands,
    [OPTION.reviewCriteria]: initial?.reviewCriteria,
    [OPTION.allowFallback]: initial?.allowFallback,
    [OPTION.secondModelReview]: initial?.secondModelReview,
  };
  const chosen = options.filter((o) => on[o.value ?? '']);
  return input(
    FIELD.options,
    'Options',
    {
      type: 'checkboxes',
      action_id: FIELD.options,
      options,
      ...(chosen.length > 0 ? { initial_options: chosen } : {}),
    },
    { optional: true },
  );
}

function safetyInput(initial: RiskClass | null | undefined): InputBlock {
  const options = riskOptions();
  const initialOption = options.find((o) => o.value === initial);
  return input(
    FIELD.safetyFirstThreshold,
    'Safety-first override threshold',
    {
      type: 'static_select',
      action_id: FIELD.safetyFirstThreshold,
      placeholder: plainText('No override', LIMITS.placeholder),
      options,
      ...(initialOption ? { initial_option: initialOption } : {}),
    },
    {
      optional: true,
      hint: plainText('Regenerate with safety-first defaults at or above this risk.', LIMITS.inputHint),
    },
  );
}

export interface RequestModalInput {
  choices: readonly ModelChoice[];
  /** Everything already known (command text, a previous submission): pre-filled so nothing is lost. */
  initial: Partial<PlanRequest>;
  /** The approval matrix from the policy file, used when `initial` has none. */
  matrixHint: string;
  privateMetadata: string;
  /** Which risk classes the policy always has reviewed (review.risk_classes), in words. */
  reviewHint?: string;
}

function checkMetadata(privateMetadata: string): void {
  if (privateMetadata.length <= LIMITS.privateMetadata) return;
  throw new ModalLimitError(`private_metadata is ${privateMetadata.length} chars; Slack allows 3000`);
}

/** A request modal built once (reused-view.ts) with this call's metadata. Same limit as the builder. */
export function withPrivateMetadata(view: Readonly<ModalView>, privateMetadata: string): ModalView {
  checkMetadata(privateMetadata);
  return { ...view, private_metadata: privateMetadata };
}

/** The request modal. Throws ModalLimitError only for metadata too long to carry (a caller bug). */
export function buildRequestModal({
  choices,
  initial,
  matrixHint,
  privateMetadata,
  reviewHint = 'Always on for high risk (policy)',
}: RequestModalInput): ModalView {
  checkMetadata(privateMetadata);
  const initialText = (key: RequestTextKey): string | undefined =>
    key === 'approvalMatrix' ? initial.approvalMatrix || matrixHint : initial[key];
  const [titleSpec, ...textSpecs] = REQUEST_TEXT_FIELDS;
  const offered = offeredChoices(choices);
  const blocks: KnownBlock[] = [
    ...(titleSpec ? [textInput(titleSpec, initialText(titleSpec.key))] : []),
    modelInput(offered, initial.modelChoice),
    riskInput(initial.riskClass),
    ...textSpecs.map((spec) => textInput(spec, initialText(spec.key))),
    ...targetInputs(initial.target),
    optionsInput(initial.options, new Set(offered.map((c) => c.provider)).size, reviewHint),
    safetyInput(initial.options?.safetyFirstThreshold),
  ];
  return {
    type: 'modal',
    callback_id: CALLBACK.planRequest,
    title: plainText('Release plan', LIMITS.modalTitle),
    submit: plainText('Draft plan', LIMITS.modalSubmit),
    close: plainText('Cancel', LIMITS.modalClose),
    private_metadata: privateMetadata,
    blocks,
  };
}
