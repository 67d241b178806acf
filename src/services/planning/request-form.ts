import type { ModalView } from '@slack/types';
import { gatesOf, reviewHint } from '../../approval/roles.ts';
import { gateInputs } from '../../evidence/checks.ts';
import { redactInput, redactInputsThorough } from '../../guard/input.ts';
import type { PlanRequest } from '../../plan/request.ts';
import { buildPlanRequestModal } from '../../slack/blocks/evidence-inputs.ts';
import { withPrivateMetadata } from '../../slack/blocks/request-modal.ts';
import { encodeJson, type RequestModalMetadata } from '../../slack/metadata.ts';
import { deliveryClaimKey } from '../../store/claim-retention.ts';
import type { ServiceDeps } from '../deps.ts';
import { openModal } from '../thread/modals.ts';
import { notifyUser } from '../thread/notices.ts';
import { slackErrorCode, slackFailureAdvice } from '../thread/slack-errors.ts';
import type { FormMemo } from './form-memo.ts';
import { startPlan } from './start.ts';

export interface FormContext {
  matrixHint: string;
  /** Keeps the form of a command with no text (createFormMemo); without it every form is built anew. */
  blankForm?: FormMemo;
}

export interface CommandInput {
  triggerId: string;
  userId: string;
  channelId: string;
  text: string;
  responseUrl: string | null;
}

/** Opens the request modal, pre-filled from the command text. Must run right after the ack (trigger_id lives 3 s). */
export async function openRequestForm(
  deps: ServiceDeps,
  form: FormContext,
  input: CommandInput,
): Promise<void> {
  const summary = redactInput(input.text, { maxChars: 3000 }).text;
  const metadata: RequestModalMetadata = { channelId: input.channelId, responseUrl: input.responseUrl };
  const privateMetadata = encodeJson(metadata);
  const { blankForm } = form;
  const build =
    summary === '' && blankForm
      ? () => {
          const matrixHint = form.matrixHint;
          const blank = () => buildForm(deps, matrixHint, {}, '');
          return withPrivateMetadata(
            blankForm([deps.policy, deps.choices, matrixHint], blank),
            privateMetadata,
          );
        }
      : () =>
          buildForm(deps, form.matrixHint, summary ? { initiativeContext: summary } : {}, privateMetadata);
  await openModal(deps, input, build, 'run the command');
}

function buildForm(
  deps: ServiceDeps,
  matrixHint: string,
  initial: Partial<PlanRequest>,
  privateMetadata: string,
): ModalView {
  return buildPlanRequestModal({
    choices: deps.choices,
    evidence: gateInputs(gatesOf(deps.policy)),
    initial,
    matrixHint,
    reviewHint: reviewHint(deps.policy),
    privateMetadata,
  });
}

export interface SubmissionInput {
  viewId: string;
  teamId: string;
  userId: string;
  metadata: RequestModalMetadata;
  request: PlanRequest;
}

const TEXT_FIELDS = [
  'title',
  'initiativeContext',
  'changeScope',
  'evidenceChannels',
  'riskTolerance',
  'approvalMatrix',
  'rollbackPlan',
] as const;

/** Secrets pasted into the form never reach the model, the logs or the database. */
export async function redactRequest(
  request: PlanRequest,
): Promise<{ request: PlanRequest; redactions: number }> {
  const results = await redactInputsThorough(
    TEXT_FIELDS.map((field) => request[field]),
    { maxChars: 3000 },
  );
  const clean = { ...request };
  let redactions = 0;
  TEXT_FIELDS.forEach((field, i) => {
    const result = results[i];
    if (!result) return;
    clean[field] = result.text;
    redactions += result.redactions;
  });
  return { request: clean, redactions };
}

/** After the modal closed: one plan per submission, posted into the channel it was requested from. */
export async function submitRequest(deps: ServiceDeps, input: SubmissionInput): Promise<void> {
  // A repeated delivery stops here, before any redaction work (createPlan is idempotent as well).
  if (!(await deps.store.claimOnce(deliveryClaimKey('submission', input.viewId)))) return;
  const { request, redactions } = await redactRequest(input.request);
  const recipient = {
    userId: input.userId,
    channelId: input.metadata.channelId,
    responseUrl: input.metadata.responseUrl,
  };
  if (redactions > 0) {
    await notifyUser(
      deps,
      recipient,
      `I redacted ${redactions} secret-looking ${redactions === 1 ? 'string' : 'strings'} from your request before planning. Never paste credentials into Slack; rotate anything that was real.`,
    );
  }
  try {
    await startPlan(deps, {
      submissionKey: input.viewId,
      teamId: input.teamId,
      channelId: input.metadata.channelId,
      requesterId: input.userId,
      request,
    });
  } catch (err) {
    const code = slackErrorCode(err);
    if (!code) throw err;
    deps.logger.warn({ err, channelId: input.metadata.channelId }, 'could not post the plan');
    await notifyUser(deps, recipient, slackFailureAdvice(code, input.metadata.channelId));
  }
}
