import type { InputBlock } from '@slack/types';
import type { TargetRequest } from '../../plan/request.ts';
import { FIELD } from '../ids.ts';
import { optionalInput } from './inputs.ts';

/** A datetimepicker's value: whole seconds since the epoch (Slack's initial_date_time is 10 digits). */
function unixSeconds(iso: string | undefined): number | undefined {
  const ms = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isFinite(ms) ? Math.floor(ms / 1000) : undefined;
}

function picker(
  field: typeof FIELD.targetStart | typeof FIELD.targetEnd,
  label: string,
  hint: string,
  initial?: string,
): InputBlock {
  const seconds = unixSeconds(initial);
  return optionalInput(field, label, hint, {
    type: 'datetimepicker',
    action_id: field,
    ...(seconds === undefined ? {} : { initial_date_time: seconds }),
  });
}

/**
 * The optional target window of the request form: when the change is meant to ship. Freeze windows
 * of the policy that it overlaps are checked by code and shown on the plan.
 */
export function targetInputs(initial: TargetRequest | undefined): InputBlock[] {
  return [
    picker(
      FIELD.targetStart,
      'Target start',
      'When the change is meant to ship, in your time zone. Optional; the timeline is laid out from it and checked against freeze windows.',
      initial?.start,
    ),
    picker(
      FIELD.targetEnd,
      'Target end',
      'Optional: the end of the target window (after the start).',
      initial?.end,
    ),
  ];
}
