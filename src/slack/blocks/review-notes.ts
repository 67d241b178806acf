import type { KnownBlock, ModalView } from '@slack/types';
import { findingLine, type ReviewOutcome, reviewLine } from '../../plan/review.ts';
import { ACTION, REVIEW_CALLBACK, SECTION_BLOCK } from '../ids.ts';
import { encodeJson, type PlanButtonValue } from '../metadata.ts';
import { esc, withBlockId } from './kit.ts';
import { contextBlocks, LIMITS, sectionBlocks } from './limits.ts';
import { plainText } from './mrkdwn.ts';

/**
 * The second model's review on the gating section: the compact line, open blocking findings in full
 * (they must stay visible), advisory notes behind a See notes button; a section that was not
 * reviewed carries a Retry review button instead.
 */
export function reviewBlocks(outcome: ReviewOutcome | undefined, planId: string): KnownBlock[] {
  if (!outcome) return [];
  const icon = outcome.status === 'not_reviewed' ? '⚠️' : '🔎';
  const open =
    outcome.status === 'reviewed'
      ? outcome.findings.filter((f) => f.severity === 'blocking').map((f) => `• ${esc(findingLine(f))}`)
      : [];
  const blocks = withBlockId(
    contextBlocks([`${icon} *${esc(reviewLine(outcome))}*`, ...open], 2000),
    SECTION_BLOCK.review,
  );
  const value = encodeJson<PlanButtonValue>({ planId });
  if (value.length > LIMITS.buttonValue) return blocks;
  if (outcome.status === 'not_reviewed') {
    return [...blocks, oneButton(SECTION_BLOCK.reviewRetry, ACTION.retryReview, 'Retry review', value)];
  }
  if (outcome.findings.length === open.length) return blocks;
  return [...blocks, oneButton(SECTION_BLOCK.reviewNotes, ACTION.reviewNotes, 'See review notes', value)];
}

function oneButton(blockId: string, actionId: string, label: string, value: string): KnownBlock {
  return {
    type: 'actions',
    block_id: blockId,
    elements: [{ type: 'button', action_id: actionId, text: plainText(label, LIMITS.buttonText), value }],
  };
}

/** Every note of the review (advisory and blocking), one section each, within a modal's limits. */
export function buildReviewNotesModal(outcome: ReviewOutcome | undefined): ModalView {
  const findings = outcome?.status === 'reviewed' ? outcome.findings : [];
  const shown = findings.slice(0, MAX_NOTES);
  return {
    type: 'modal',
    callback_id: REVIEW_CALLBACK.reviewNotes,
    title: plainText('Review notes', LIMITS.modalTitle),
    close: plainText('Close', LIMITS.modalClose),
    blocks: [
      ...sectionBlocks(`*${esc(outcome ? reviewLine(outcome) : 'This section has no review.')}*`),
      ...shown.flatMap((f) =>
        sectionBlocks(
          `*${f.severity === 'blocking' ? 'Blocking' : 'Advisory'} · ${esc(f.rule)}*\n${esc(f.problem)}\n_Suggested:_ ${esc(f.suggested_fix)}`,
        ),
      ),
      ...(findings.length > shown.length
        ? contextBlocks([`_${findings.length - shown.length} more notes are in the audit log._`])
        : []),
    ],
  };
}

/** A modal holds 100 blocks; a review has at most 20 findings. */
const MAX_NOTES = 40;
