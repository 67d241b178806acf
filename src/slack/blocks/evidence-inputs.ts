import type { InputBlock, ModalView } from '@slack/types';
import type { EvidenceRequest } from '../../plan/request.ts';
import { FIELD } from '../ids.ts';
import { optionalInput } from './inputs.ts';
import { buildRequestModal, type RequestModalInput } from './request-modal.ts';

/** Which evidence inputs the policy's gates need (gateInputs): the commit or ref, the fix version. */
export interface EvidenceFields {
  ref: boolean;
  fixVersion: boolean;
}

function textField(
  field: typeof FIELD.evidenceRef | typeof FIELD.fixVersion,
  label: string,
  hint: string,
  max: number,
  initial?: string,
): InputBlock {
  return optionalInput(field, label, hint, {
    type: 'plain_text_input',
    action_id: field,
    max_length: max,
    ...(initial ? { initial_value: initial } : {}),
  });
}

/** The inputs the policy's evidence-backed gates read; none when no gate needs them. */
export function evidenceInputs(fields: EvidenceFields, initial: EvidenceRequest | undefined): InputBlock[] {
  return [
    ...(fields.ref
      ? [
          textField(
            FIELD.evidenceRef,
            'Commit or ref to check',
            'The commit sha, branch or tag being released: CI checks on it decide the policy’s gates. Without it those gates stay unknown.',
            200,
            initial?.ref,
          ),
        ]
      : []),
    ...(fields.fixVersion
      ? [
          textField(
            FIELD.fixVersion,
            'Fix version',
            'The release’s fix version in the issue tracker, e.g. 2.4.0: the policy’s gates count its open issues.',
            100,
            initial?.fixVersion,
          ),
        ]
      : []),
  ];
}

/** The request modal with the evidence inputs after the target window (where the policy's gates need them). */
export function buildPlanRequestModal(input: RequestModalInput & { evidence: EvidenceFields }): ModalView {
  const view = buildRequestModal(input);
  const extra = evidenceInputs(input.evidence, input.initial.evidence);
  if (extra.length === 0) return view;
  const at = view.blocks.findIndex((b) => b.block_id === FIELD.options);
  const blocks = [...view.blocks];
  blocks.splice(at < 0 ? blocks.length : at, 0, ...extra);
  return { ...view, blocks };
}
