import { z } from 'zod';
import type { ModelChoice } from '../plan/model.ts';
import { type EvidenceRequest, GIT_REF, PlanRequest, type TargetRequest } from '../plan/request.ts';
import { RiskClass } from '../plan/schema.ts';
import { offeredChoices, REQUEST_TEXT_FIELDS, type RequestTextKey } from './blocks/request-modal.ts';
import { FIELD, type FieldId, OPTION } from './ids.ts';

/** Field errors for `ack({ response_action: 'errors', errors })`, keyed by block_id. */
export type FieldErrors = Partial<Record<FieldId, string>>;

export type ParsedRequestState = { ok: true; request: PlanRequest } | { ok: false; errors: FieldErrors };

/**
 * One action's state in `view.state.values[block_id][action_id]`. Slack sends `null` for an empty
 * input or select, so every value is nullish; unknown keys are ignored.
 */
const SelectedOption = z.object({ value: z.string() });
const ActionState = z.object({
  value: z.string().nullish(),
  selected_option: SelectedOption.nullish(),
  selected_options: z.array(SelectedOption).nullish(),
  /** A datetimepicker: seconds since the epoch. */
  selected_date_time: z.number().int().nonnegative().max(253_402_300_799).nullish(),
});
type ActionState = z.infer<typeof ActionState>;

const StateValues = z.record(z.string(), z.unknown());

function ownValue(record: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(record, key) ? record[key] : undefined;
}

/** The state of the input whose block_id and action_id are both `field`; {} when absent or malformed. */
function actionState(values: Record<string, unknown>, field: FieldId): ActionState {
  const block = StateValues.safeParse(ownValue(values, field));
  const parsed = ActionState.safeParse(block.success ? ownValue(block.data, field) : undefined);
  return parsed.success ? parsed.data : {};
}

function readText(
  values: Record<string, unknown>,
  spec: (typeof REQUEST_TEXT_FIELDS)[number],
  errors: FieldErrors,
): string {
  const text = (actionState(values, spec.field).value ?? '').trim();
  if (text === '') errors[spec.field] = `Add the ${spec.noun}.`;
  else if (text.length > spec.maxLength) {
    errors[spec.field] = `Keep the ${spec.noun} under ${spec.maxLength} characters (it has ${text.length}).`;
  }
  return text;
}

function readModel(
  values: Record<string, unknown>,
  choices: readonly ModelChoice[],
  errors: FieldErrors,
): string {
  const id = actionState(values, FIELD.model).selected_option?.value;
  if (!id) errors[FIELD.model] = 'Choose a model.';
  else if (!offeredChoices(choices).some((c) => c.id === id)) {
    errors[FIELD.model] = 'That model is no longer available. Choose one of the models offered.';
  }
  return id ?? '';
}

function readRisk(values: Record<string, unknown>, field: FieldId, errors: FieldErrors): RiskClass | null {
  const raw = actionState(values, field).selected_option?.value;
  if (raw === undefined) return null;
  const risk = RiskClass.safeParse(raw);
  if (!risk.success) errors[field] = 'Choose low, medium or high.';
  return risk.success ? risk.data : null;
}

function readOptions(values: Record<string, unknown>): Set<string> {
  return new Set((actionState(values, FIELD.options).selected_options ?? []).map((o) => o.value));
}

/** A target window longer than this is not a window: the freeze check would span years. */
const TARGET_MAX_DAYS = 366;

/** The optional target window: a start alone is fine; an end needs a start before it. */
function readTarget(values: Record<string, unknown>, errors: FieldErrors): TargetRequest | undefined {
  const start = actionState(values, FIELD.targetStart).selected_date_time ?? undefined;
  const end = actionState(values, FIELD.targetEnd).selected_date_time ?? undefined;
  if (start === undefined) {
    if (end !== undefined)
      errors[FIELD.targetStart] = 'Add the start of the target window, or clear its end.';
    return undefined;
  }
  if (end !== undefined && end <= start) errors[FIELD.targetEnd] = 'The end must be after the start.';
  else if (end !== undefined && end - start > TARGET_MAX_DAYS * 86_400) {
    errors[FIELD.targetEnd] = 'Keep the target window under a year.';
  }
  const iso = (seconds: number) => new Date(seconds * 1000).toISOString();
  return { start: iso(start), ...(end === undefined ? {} : { end: iso(end) }) };
}

/** The commit or ref and the fix version, where the form asked for them (both optional). */
function readEvidence(values: Record<string, unknown>, errors: FieldErrors): EvidenceRequest | undefined {
  const ref = (actionState(values, FIELD.evidenceRef).value ?? '').trim();
  const fixVersion = (actionState(values, FIELD.fixVersion).value ?? '').trim();
  if (ref !== '' && !GIT_REF.test(ref)) {
    errors[FIELD.evidenceRef] =
      'Give a commit sha, branch or tag (letters, digits, . _ / -), up to 200 characters.';
  }
  if (fixVersion.length > 100) errors[FIELD.fixVersion] = 'Keep the fix version under 100 characters.';
  if (ref === '' && fixVersion === '') return undefined;
  return { ...(ref ? { ref } : {}), ...(fixVersion ? { fixVersion } : {}) };
}

const FIELD_OF_KEY: Record<string, FieldId> = {
  ...Object.fromEntries(REQUEST_TEXT_FIELDS.map((s) => [s.key, s.field])),
  modelChoice: FIELD.model,
  riskClass: FIELD.riskClass,
  options: FIELD.options,
  target: FIELD.targetEnd,
  evidence: FIELD.evidenceRef,
};

/**
 * Parses the request modal's `view.state.values` into a PlanRequest, or a friendly error per field.
 * Never throws, whatever arrives.
 */
export function parseRequestState(values: unknown, choices: readonly ModelChoice[]): ParsedRequestState {
  const parsedValues = StateValues.safeParse(values);
  const state = parsedValues.success ? parsedValues.data : {};
  const errors: FieldErrors = {};
  const text = {} as Record<RequestTextKey, string>;
  for (const spec of REQUEST_TEXT_FIELDS) text[spec.key] = readText(state, spec, errors);
  const modelChoice = readModel(state, choices, errors);
  const riskClass = readRisk(state, FIELD.riskClass, errors);
  if (riskClass === null && !errors[FIELD.riskClass]) errors[FIELD.riskClass] = 'Choose a risk class.';
  const safetyFirstThreshold = readRisk(state, FIELD.safetyFirstThreshold, errors);
  const options = readOptions(state);
  const target = readTarget(state, errors);
  const evidence = readEvidence(state, errors);
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const request = PlanRequest.safeParse({
    ...text,
    modelChoice,
    riskClass,
    ...(target ? { target } : {}),
    ...(evidence ? { evidence } : {}),
    options: {
      criticalityBands: options.has(OPTION.criticalityBands),
      reviewCriteria: options.has(OPTION.reviewCriteria),
      allowFallback: options.has(OPTION.allowFallback),
      secondModelReview: options.has(OPTION.secondModelReview),
      safetyFirstThreshold,
    },
  });
  if (request.success) return { ok: true, request: request.data };
  // A backstop: the checks above mirror the schema, so this only runs if the two drift apart.
  for (const issue of request.error.issues) {
    const field = FIELD_OF_KEY[String(issue.path[0])] ?? FIELD.title;
    errors[field] ??= issue.message;
  }
  return { ok: false, errors };
}
