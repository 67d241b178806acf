import { describe, expect, it } from 'vitest';
import { targetInputs } from '../../../src/slack/blocks/target-inputs.ts';
import { FIELD } from '../../../src/slack/ids.ts';

describe('targetInputs', () => {
  it.each<[string, Parameters<typeof targetInputs>[0], (number | undefined)[]]>([
    ['no target yet', undefined, [undefined, undefined]],
    ['a start alone', { start: '2026-12-01T09:00:00.000Z' }, [1_796_115_600, undefined]],
    [
      'a start and an end',
      { start: '2026-12-01T09:00:00.000Z', end: '2026-12-03T17:30:00.000Z' },
      [1_796_115_600, 1_796_319_000],
    ],
  ])('%s: two optional datetimepickers, pre-filled in unix seconds', (_name, initial, expected) => {
    const blocks = targetInputs(initial);
    expect(blocks.map((b) => b.block_id)).toEqual([FIELD.targetStart, FIELD.targetEnd]);
    for (const block of blocks) {
      expect(block.optional).toBe(true);
      expect(block.element).toMatchObject({ type: 'datetimepicker', action_id: block.block_id });
    }
    expect(
      blocks.map((b) => (b.element.type === 'datetimepicker' ? b.element.initial_date_time : null)),
    ).toEqual(expected);
  });
});
