import { describe, expect, it } from 'vitest';
import { parseDuration } from '../../src/lib/duration.ts';

describe('parseDuration', () => {
  it.each([
    ['30s', 30_000],
    ['5m', 300_000],
    ['4h', 14_400_000],
    ['7d', 604_800_000],
    [' 2 h ', 7_200_000],
  ])('%j is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', '4', 'h', '4 hours', '1.5h', '-1h', '4H', '4w', '1h30m'])('%j is not a duration', (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});
