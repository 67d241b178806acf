import type { ModalView } from '@slack/types';
import { reusableView } from '../../slack/blocks/reused-view.ts';

/**
 * Keeps the one view built from `inputs` (compared one by one, by identity) until one of them
 * changes: the form of a command with no text depends only on the policy, the model choices and
 * the matrix hint, so it is built and serialised once per policy rather than once per command.
 */
export type FormMemo = (inputs: readonly unknown[], build: () => ModalView) => Readonly<ModalView>;

export function createFormMemo(): FormMemo {
  let kept: { inputs: readonly unknown[]; view: Readonly<ModalView> } | undefined;
  const same = (inputs: readonly unknown[], before: readonly unknown[]) =>
    inputs.length === before.length && inputs.every((input, i) => input === before[i]);
  return (inputs, build) => {
    if (!kept || !same(inputs, kept.inputs)) kept = { inputs: [...inputs], view: reusableView(build()) };
    return kept.view;
  };
}
