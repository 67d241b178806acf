import type { KnownBlock } from '@slack/types';
import { findingLine, type ReviewOutcome, reviewLine } from '../../plan/review.ts';
import { ACTION, SECTION_BLOCK } from '../ids.ts';
import { encodeJson, type PlanButtonValue } from '../metadata.ts';
import { esc, withBlockId } from './kit.ts';
import { contextBlocks, LIMITS } from './limits.ts';
import { plainText } from './mrkdwn.ts';

/**
 * The second model's review on the gating section, inline: the compact line, then each advisory
 * note and open blocking finding; a section that was not reviewed carries a Retry review button.
 */
export function reviewBlocks(outcome: ReviewOutcome | undefined, planId: string): KnownBlock[] {
  if (!outcome) return [];
  const icon = outcome.status === 'not_reviewed' ? '⚠️' : '🔎';
  const notes = outcome.status === 'reviewed' ? outcome.findings.map((f) => `• ${esc(findingLine(f))}`) : [];
  const blocks = withBlockId(
    contextBlocks([`${icon} *${esc(reviewLine(outcome))}*`, ...notes], 2000),
    SECTION_BLOCK.review,
  );
  const value = encodeJson<PlanButtonValue>({ planId });
  if (outcome.status === 'reviewed' || value.length > LIMITS.buttonValue) return blocks;
  const retry: KnownBlock = {
    type: 'actions',
    block_id: SECTION_BLOCK.reviewRetry,
    elements: [
      {
        type: 'button',
        action_id: ACTION.retryReview,
        text: plainText('Retry review', LIMITS.buttonText),
        value,
      },
    ],
  };
  return [...blocks, retry];
}
