import type { KnownBlock, ModalView, Option } from '@slack/types';

export type Answers = Record<string, string | string[] | undefined>;
type StateValues = Record<string, Record<string, unknown>>;

/**
 * Fills a modal the way a person would: every input keeps what the bot pre-filled unless an answer
 * replaces it (a string for text inputs and selects — matched by option value — an ISO instant for
 * date-time pickers, a list of option values for checkboxes). Returns Slack's `view.state.values`
 * for the submission.
 */
export function fillModal(view: ModalView, answers: Answers = {}): StateValues {
  const values: StateValues = {};
  for (const block of view.blocks as KnownBlock[]) {
    if (block.type !== 'input' || !block.block_id) continue;
    const element = block.element;
    const actionId = 'action_id' in element && element.action_id ? element.action_id : block.block_id;
    const answer = answers[block.block_id];
    values[block.block_id] = { [actionId]: stateOf(element, answer) };
  }
  return values;
}

function stateOf(element: unknown, answer: string | string[] | undefined): Record<string, unknown> {
  const el = element as {
    type: string;
    initial_value?: string;
    options?: Option[];
    initial_option?: Option;
    initial_options?: Option[];
    initial_date_time?: number;
  };
  switch (el.type) {
    case 'plain_text_input':
      return { type: el.type, value: typeof answer === 'string' ? answer : (el.initial_value ?? null) };
    case 'static_select': {
      const chosen =
        typeof answer === 'string' ? el.options?.find((o) => o.value === answer) : el.initial_option;
      if (typeof answer === 'string' && !chosen) throw new Error(`no option ${answer} in the select`);
      return { type: el.type, selected_option: chosen ?? null };
    }
    case 'checkboxes': {
      const chosen = Array.isArray(answer)
        ? (el.options ?? []).filter((o) => o.value !== undefined && answer.includes(o.value))
        : (el.initial_options ?? []);
      return { type: el.type, selected_options: chosen };
    }
    case 'datetimepicker': {
      // An answer is an ISO instant, as a person would pick it; Slack sends seconds since the epoch.
      const picked =
        typeof answer === 'string' ? Math.floor(Date.parse(answer) / 1000) : el.initial_date_time;
      return { type: el.type, selected_date_time: picked ?? null };
    }
    default:
      throw new Error(`fillModal does not know ${el.type}`);
  }
}
