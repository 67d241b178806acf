import { describe, expect, it } from 'vitest';
import { type ReviewOutcome, reviewOutcome } from '../../../src/plan/review.ts';
import { buildReviewNotesModal, reviewBlocks } from '../../../src/slack/blocks/review-notes.ts';
import { ACTION } from '../../../src/slack/ids.ts';
import { checkModal } from './check.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const note = {
  rule: 'Pilot',
  problem: 'Vague <b>.',
  severity: 'advisory',
  suggested_fix: 'Name a metric.',
} as const;
const blocking = { ...note, rule: 'Weekend override', severity: 'blocking' } as const;

describe('the review on the gating section', () => {
  it.each<[string, ReviewOutcome | undefined, string[], string[], string | undefined]>([
    ['no review', undefined, [], [], undefined],
    [
      'advisory notes behind a See review notes button',
      reviewOutcome('R', [note]),
      ['Reviewed by R: 1 advisory note'],
      ['Advisory · Pilot'],
      ACTION.reviewNotes,
    ],
    [
      'an open blocking finding in full on the section (it must stay visible)',
      reviewOutcome('R', [blocking], [blocking]),
      ['blocking still open', 'Blocking · Weekend override'],
      [],
      undefined,
    ],
    [
      'not reviewed, with Retry review',
      { status: 'not_reviewed', reviewer: 'R', reason: 'an API error' },
      ['Not reviewed (an API error)'],
      [],
      ACTION.retryReview,
    ],
  ])('%s', (_name, outcome, shown, hidden, button) => {
    const json = JSON.stringify(reviewBlocks(outcome, PLAN));
    for (const t of shown) expect(json).toContain(t);
    for (const t of hidden) expect(json).not.toContain(t);
    expect(json).not.toContain('<b>');
    expect(json.includes(ACTION.reviewNotes)).toBe(button === ACTION.reviewNotes);
    expect(json.includes(ACTION.retryReview)).toBe(button === ACTION.retryReview);
  });
});

describe('buildReviewNotesModal', () => {
  it('lists every note with its severity, problem and fix, escaped, within Block Kit limits', () => {
    const modal = buildReviewNotesModal(reviewOutcome('R', [note, { ...note, rule: 'Canary' }]));
    expect(checkModal(modal)).toEqual([]);
    const json = JSON.stringify(modal);
    for (const t of [
      'Reviewed by R: 2 advisory notes',
      'Advisory · Pilot',
      'Advisory · Canary',
      'Name a metric.',
    ]) {
      expect(json).toContain(t);
    }
    expect(json).not.toContain('<b>');
  });

  it('says so when the section has no review', () => {
    expect(JSON.stringify(buildReviewNotesModal(undefined))).toContain('This section has no review.');
  });
});
