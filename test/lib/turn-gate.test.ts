import { setImmediate as nextTurn } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { createTurnGate } from '../../src/lib/turn-gate.ts';

/** What has passed the gate after each of `turns` event-loop turns. */
async function afterEachTurn(passed: string[], turns: number): Promise<string[][]> {
  const seen: string[][] = [];
  for (let turn = 0; turn < turns; turn++) {
    await nextTurn();
    seen.push([...passed]);
  }
  return seen;
}

describe('createTurnGate', () => {
  it('lets one waiter through per event-loop turn, in arrival order', async () => {
    const gate = createTurnGate();
    const passed: string[] = [];
    for (const name of ['a', 'b', 'c']) void gate().then(() => passed.push(name));
    expect(await afterEachTurn(passed, 4)).toEqual([['a'], ['a', 'b'], ['a', 'b', 'c'], ['a', 'b', 'c']]);
  });

  it('lets a waiter through in the next turn once the gate has gone quiet', async () => {
    const gate = createTurnGate();
    const passed: string[] = [];
    void gate().then(() => passed.push('first'));
    await afterEachTurn(passed, 3);
    void gate().then(() => passed.push('later'));
    expect(passed).toEqual(['first']);
    expect(await afterEachTurn(passed, 1)).toEqual([['first', 'later']]);
  });
});
