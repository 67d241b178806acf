import type { InputBlock } from '@slack/types';
import type { FieldId } from '../ids.ts';
import { LIMITS } from './limits.ts';
import { plainText } from './mrkdwn.ts';

/** A form input whose block and action ids are both the field's id (how the form is read back). */
export function input(
  field: FieldId,
  label: string,
  element: InputBlock['element'],
  extra: Partial<InputBlock> = {},
): InputBlock {
  return { type: 'input', block_id: field, label: plainText(label, LIMITS.inputLabel), element, ...extra };
}

/** An input the person may leave empty, with a hint saying what it is for. */
export function optionalInput(
  field: FieldId,
  label: string,
  hint: string,
  element: InputBlock['element'],
): InputBlock {
  return input(field, label, element, { optional: true, hint: plainText(hint, LIMITS.inputHint) });
}
