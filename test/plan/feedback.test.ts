import { describe, expect, it } from 'vitest';
import { answeredIds, type Feedback, mergeFeedback } from '../../src/plan/feedback.ts';

function feedback(id: string, text: string, overrides: Partial<Feedback> = {}): Feedback {
  return {
    id,
    planId: 'p1',
    userId: `U${id}`,
    source: 'thread_reply',
    text,
    originalChars: text.length,
    redactions: 0,
    ...overrides,
  };
}

describe('mergeFeedback', () => {
  it('returns nothing for nothing, and a lone piece as it is', () => {
    expect(mergeFeedback([], 100)).toBeUndefined();
    const one = feedback('1', 'add a load test');
    expect(mergeFeedback([one], 100)).toBe(one);
    expect(answeredIds(one)).toEqual(['1']);
  });

  it('folds waiting replies, oldest first, with their authors, into the lead', () => {
    const merged = mergeFeedback(
      [
        feedback('1', 'add a load test', { redactions: 1 }),
        feedback('2', 'and a canary'),
        feedback('3', 'ok'),
      ],
      10_000,
    );
    expect(merged?.id).toBe('1');
    expect(merged?.merged).toEqual(['2', '3']);
    expect(merged?.text).toMatch(
      /^Reply 1 of 3, from U1:\nadd a load test\n\n---\n\nReply 2 of 3, from U2:\nand a canary/,
    );
    expect(merged?.redactions).toBe(1);
    expect(merged?.originalChars).toBe('add a load test'.length + 'and a canary'.length + 2);
    expect(answeredIds(merged as Feedback)).toEqual(['1', '2', '3']);
  });

  it('stops at the size bound, always taking the first; the rest wait for the next revision', () => {
    const waiting = Array.from({ length: 10 }, (_, i) => feedback(String(i), 'x'.repeat(100)));
    const merged = mergeFeedback(waiting, 500);
    expect(answeredIds(merged as Feedback)).toEqual(['0', '1', '2']);
    expect(mergeFeedback([feedback('big', 'y'.repeat(900)), ...waiting], 500)?.id).toBe('big');
  });

  it('never folds in another plan’s feedback', () => {
    const merged = mergeFeedback([feedback('1', 'a'), feedback('2', 'b', { planId: 'p2' })], 1_000);
    expect(merged?.merged).toBeUndefined();
  });
});
