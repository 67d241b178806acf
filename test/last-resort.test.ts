import { describe, expect, it } from 'vitest';
import { lastResort } from '../src/last-resort.ts';
import { createLogger } from '../src/logger.ts';

function setup(maxPerMinute = 3) {
  const lines: { level: number; msg: string; origin?: string }[] = [];
  const exits: number[] = [];
  let clock = 0;
  const logger = createLogger('info', { write: (l: string) => void lines.push(JSON.parse(l)) });
  const handlers = lastResort({
    logger,
    exit: (code) => void exits.push(code),
    now: () => clock,
    maxPerMinute,
  });
  return { lines, exits, handlers, tick: (ms: number) => (clock += ms) };
}

describe('last resort', () => {
  it('logs each uncaught error once, with its origin, and keeps serving', () => {
    const { lines, exits, handlers } = setup();
    handlers.uncaughtException(new TypeError("Cannot read properties of null (reading 'ssl_check')"));
    handlers.unhandledRejection(new Error('nobody awaited me'));
    expect(exits).toEqual([]);
    expect(lines.map((l) => [l.level, l.origin])).toEqual([
      [50, 'uncaughtException'],
      [50, 'unhandledRejection'],
    ]);
  });

  it('exits 1 on an error that leaves the process unable to serve', () => {
    const { lines, exits, handlers } = setup();
    handlers.uncaughtException(Object.assign(new Error('too many open files'), { code: 'EMFILE' }));
    expect(exits).toEqual([1]);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 60, msg: expect.stringMatching(/cannot serve \(EMFILE\)/) });
  });

  it('exits 1 when uncaught errors keep coming, not when they are spread out', () => {
    const { exits, handlers, tick } = setup(3);
    for (let i = 0; i < 6; i += 1) {
      handlers.uncaughtException(new Error(`spread ${i}`));
      tick(30_000);
    }
    expect(exits).toEqual([]);
    // The last spread one is 30 s old: with two more, three within a minute is still the limit.
    for (let i = 0; i < 2; i += 1) handlers.unhandledRejection(new Error(`burst ${i}`));
    expect(exits).toEqual([]);
    handlers.unhandledRejection(new Error('one too many'));
    expect(exits).toEqual([1]);
  });
});
