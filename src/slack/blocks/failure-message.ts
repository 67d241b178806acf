import type { ActionsBlock, KnownBlock } from '@slack/types';
import type { FailureCode, ModelFailureCode } from '../../plan/model.ts';
import { ACTION, BLOCK, COMMAND } from '../ids.ts';
import { encodeJson, type PlanButtonValue } from '../metadata.ts';
import { esc, escShort, fallback } from './kit.ts';
import { type BlockMessage, contextBlocks, LIMITS } from './limits.ts';
import { mrkdwnText, plainText } from './mrkdwn.ts';

export interface FailureView {
  planId: string;
  code: FailureCode | string;
  /** One line at most is shown; anything after the first line (a stack trace) never is. */
  detail?: string;
  retryable: boolean;
  what: 'plan' | 'revision';
}

const EXPLANATION: Record<ModelFailureCode, string> = {
  api_error: 'The model service kept failing, even after retries.',
  refusal: 'The model declined to draft this. Rephrasing the request may help.',
  invalid_output: 'The model’s answer did not match the plan format, so it was not posted.',
  stalled: 'The model stopped responding partway through.',
  max_tokens: 'The plan was longer than the output limit, so the model was cut off.',
  connection_lost: 'The connection to the model service dropped partway through, again after one more try.',
  aborted: 'Drafting was stopped before it finished.',
};

/** A failure code in words: `slack_post_failed` → "slack post failed". */
export function codeWords(code: string): string {
  return code.replaceAll('_', ' ');
}

/** The root message's line for a plan whose drafting stopped. */
export function stoppedLine(code: string | undefined): string {
  if (code === undefined) return 'Drafting stopped.';
  return code === 'internal'
    ? 'Drafting stopped because of an internal error.'
    : `Drafting stopped (${codeWords(code)}).`;
}

function explanation(code: string): string {
  return (EXPLANATION as Record<string, string>)[code] ?? 'Something went wrong while drafting.';
}

function consequence(what: FailureView['what']): string {
  return what === 'plan'
    ? 'Sections already posted in this thread stay as they are; nothing else was changed.'
    : 'The plan stays at its previous version; its sections and approvals were not changed.';
}

function firstLine(detail: string | undefined): string | undefined {
  const line = detail?.split('\n', 1)[0]?.trim();
  return line ? line : undefined;
}

/** Retry for a failed plan: on its failure message, and on its root message too. */
export function retryButton(planId: string): ActionsBlock | undefined {
  const value = encodeJson<PlanButtonValue>({ planId });
  if (value.length > LIMITS.buttonValue) return undefined;
  return {
    type: 'actions',
    elements: [
      {
        type: 'button',
        action_id: ACTION.retryPlan,
        text: plainText('Retry', LIMITS.buttonText),
        style: 'primary',
        value,
      },
    ],
  };
}

/** The thread message after a plan or revision failed: what happened, what stayed, and Retry. */
export function buildFailureMessage(view: FailureView): BlockMessage {
  const title =
    view.what === 'plan' ? 'The plan could not be finished' : 'The revision could not be finished';
  const safeSummary = `:warning: *${title}.* ${esc(explanation(view.code))}`;
  const detail = firstLine(view.detail);
  const retry = view.retryable ? retryButton(view.planId) : undefined;
  const blocks: KnownBlock[] = [
    {
      type: 'section',
      block_id: BLOCK.failure,
      text: mrkdwnText(`${safeSummary}\n${esc(consequence(view.what))}`, LIMITS.sectionText),
    },
    ...contextBlocks([`Code: \`${escShort(view.code)}\`${detail ? ` · ${escShort(detail)}` : ''}`]),
  ];
  if (retry) blocks.push(retry);
  else blocks.push(...contextBlocks([`Run \`${COMMAND}\` again to start over.`]));
  return { text: fallback(`${title}. ${esc(explanation(view.code))}`), blocks };
}
