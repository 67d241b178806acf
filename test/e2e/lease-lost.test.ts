import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { openModal, submitModal, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

describe('a replica that lost its lease (paused too long; another took the plan over)', () => {
  let h: Harness;
  let dir: string;
  let file: string;
  const logs: string[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rp-lease-'));
    file = path.join(dir, 'plans.db');
    h = await startHarness({
      store: openSqliteStore(file),
      env: { GENERATION_LEASE_MS: '300' },
      logLines: logs,
    });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const sections = () =>
    h.slack.rootMessages('C0PLANS').length === 0 ? 0 : thread(h).filter((m) => /\d\/6/.test(m.text)).length;

  it('stops posting at its next renewal, and neither fails the plan nor says anything', async () => {
    h.models.script({ kind: 'json', value: samplePlan(), chunkChars: 40, delayMs: 20 });
    await submitModal(h, await openModal(h));
    await h.slack.waitFor(() => sections() >= 1, 10_000, 'a first section');

    const other = new DatabaseSync(file);
    other
      .prepare("UPDATE generation_leases SET owner = 'replica-b', expires_at = ?")
      .run(Date.now() + 600_000);
    other.close();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const atTakeover = sections();
    await h.idle();

    expect(sections()).toBeLessThanOrEqual(atTakeover + 1);
    expect(sections()).toBeLessThan(6);
    expect(thread(h).some((m) => /could not be finished/i.test(m.text))).toBe(false);
    const store = openSqliteStore(file);
    const [plan] = await Promise.all([
      store.findPlanByRootTs('C0PLANS', h.slack.rootMessages('C0PLANS')[0]?.ts ?? ''),
    ]);
    expect(plan?.status).toBe('drafting');
    await store.close();
    expect(logs.join('\n')).toMatch(/lease lost: another replica carries on/);
  });
});
