import { describe, expect, it } from 'vitest';
import type { PlanRecord } from '../../../src/plan/record.ts';
import type { ServiceDeps } from '../../../src/services/deps.ts';
import { createRootProgress } from '../../../src/services/thread/root-progress.ts';

const deps = { logger: { warn: () => undefined } } as unknown as ServiceDeps;
const plan = (id: string, step: number) => ({ id, version: step }) as unknown as PlanRecord;

/** A refresh that waits until released, as a root update waiting for Slack's budget does. */
function slowRefresh() {
  const shown: string[] = [];
  const waiting: (() => void)[] = [];
  const refresh = (_deps: ServiceDeps, p: PlanRecord) =>
    new Promise<void>((resolve) => {
      waiting.push(() => {
        shown.push(`${p.id}@${p.version}`);
        resolve();
      });
    });
  const release = async () => {
    waiting.shift()?.();
    await new Promise((r) => setTimeout(r, 0));
  };
  return { refresh, shown, release, waiting };
}

describe('createRootProgress', () => {
  it('never waits, and shows only the latest of the updates asked for while one was on its way', async () => {
    const slow = slowRefresh();
    const progress = createRootProgress(slow.refresh);
    for (let step = 1; step <= 4; step++) progress.show(deps, plan('P1', step));
    progress.show(deps, plan('P2', 1));
    expect(slow.waiting).toHaveLength(2);
    await slow.release();
    await slow.release();
    await slow.release();
    expect(slow.shown).toEqual(['P1@1', 'P2@1', 'P1@4']);
  });

  it('settles once every update asked for is shown, so the final state goes last', async () => {
    const slow = slowRefresh();
    const progress = createRootProgress(slow.refresh);
    progress.show(deps, plan('P1', 1));
    progress.show(deps, plan('P1', 2));
    let settled = false;
    const done = progress.settled('P1').then(() => {
      settled = true;
    });
    await slow.release();
    expect(settled).toBe(false);
    await slow.release();
    await done;
    expect(slow.shown).toEqual(['P1@1', 'P1@2']);
    await expect(progress.settled('P9')).resolves.toBeUndefined();
  });

  it('goes on after a refresh that throws', async () => {
    let calls = 0;
    const progress = createRootProgress(async () => {
      calls += 1;
      if (calls === 1) throw new Error('store down');
    });
    progress.show(deps, plan('P1', 1));
    progress.show(deps, plan('P1', 2));
    await progress.settled('P1');
    expect(calls).toBe(2);
  });
});
