import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { repeatWithoutOverlap } from '../../src/lib/repeat.ts';

describe('repeatWithoutOverlap', () => {
  it('never runs two passes at once, and stopping waits for the one under way', async () => {
    let running = 0;
    let most = 0;
    let passes = 0;
    const stop = repeatWithoutOverlap(
      async () => {
        running++;
        most = Math.max(most, running);
        await sleep(25);
        running--;
        passes++;
      },
      5,
      () => {},
    );
    await sleep(80);
    await stop();
    expect(running).toBe(0);
    expect(most).toBe(1);
    expect(passes).toBeGreaterThanOrEqual(2);
    const after = passes;
    await sleep(30);
    expect(passes).toBe(after);
  });

  it('reports a failed pass and runs the next one', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const stop = repeatWithoutOverlap(
      async () => {
        calls++;
        if (calls === 1) throw new Error('database busy');
      },
      5,
      (err) => errors.push(err),
    );
    await sleep(40);
    await stop();
    expect(errors.map(String)).toEqual(['Error: database busy']);
    expect(calls).toBeGreaterThanOrEqual(2);
  });

  it('runs a first pass at once when asked, then on its interval', async () => {
    let calls = 0;
    const stop = repeatWithoutOverlap(
      async () => {
        calls++;
      },
      60_000,
      () => {},
      { atStart: true },
    );
    await sleep(10);
    await stop();
    expect(calls).toBe(1);
  });
});
