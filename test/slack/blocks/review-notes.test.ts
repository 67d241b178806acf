import { describe, expect, it } from 'vitest';
import { type ReviewOutcome, reviewOutcome } from '../../../src/plan/review.ts';
import { reviewBlocks } from '../../../src/slack/blocks/review-notes.ts';
import { ACTION } from '../../../src/slack/ids.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const note = {
  rule: 'Pilot',
  problem: 'Vague <b>.',
  severity: 'advisory',
  suggested_fix: 'Name a metric.',
} as const;

describe('the review on the gating section', () => {
  it.each<[string, ReviewOutcome | undefined, string[], boolean]>([
    ['no review', undefined, [], false],
    [
      'advisory notes, inline',
      reviewOutcome('R', [note]),
      ['Reviewed by R: 1 advisory note', 'Advisory · Pilot'],
      false,
    ],
    [
      'not reviewed, with Retry review',
      { status: 'not_reviewed', reviewer: 'R', reason: 'an API error' },
      ['Not reviewed (an API error)'],
      true,
    ],
  ])('%s', (_name, outcome, texts, retry) => {
    const blocks = reviewBlocks(outcome, PLAN);
    const json = JSON.stringify(blocks);
    for (const t of texts) expect(json).toContain(t);
    expect(json).not.toContain('<b>');
    expect(json.includes(ACTION.retryReview)).toBe(retry);
  });
});
