import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/approval/decisions.ts';
import type { ModelCallRecord } from '../../src/plan/model.ts';
import type { NewPlan } from '../../src/plan/record.ts';
import { SECTION_KEYS } from '../../src/plan/schema.ts';
import { GENESIS_HASH, verifyChain } from '../../src/store/audit-chain.ts';
import type { Store } from '../../src/store/port.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleRequest } from '../fakes/plan-fixture.ts';

const request = sampleRequest();

function newPlan(submissionKey: string, overrides: Partial<NewPlan> = {}): NewPlan {
  return { submissionKey, teamId: 'T1', channelId: 'C1', requesterId: 'U1', request, ...overrides };
}

function decision(overrides: Partial<DecisionRecord>): DecisionRecord {
  return {
    planId: 'missing',
    itemKey: 'gating',
    version: 1,
    contentHash: 'a'.repeat(64),
    userId: 'U2',
    role: 'release-manager',
    decision: 'approve',
    reason: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    ...overrides,
  };
}

/** Every call moves one second on, so updatedAt visibly changes. */
function steppingClock(start = Date.parse('2026-01-01T00:00:00.000Z')): () => Date {
  let at = start;
  return () => {
    at += 1000;
    return new Date(at);
  };
}

const backends = [
  { name: 'in memory', location: () => ':memory:' },
  { name: 'in a temp file', location: (dir: string) => path.join(dir, 'nested', 'store.db') },
];

describe.each(backends)('SQLite store $name', ({ location }) => {
  let dir: string;
  let store: Store;

  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'rp-store-'));
    store = openSqliteStore(location(dir), { now: steppingClock() });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('plans', () => {
    it('creates a plan once per submission key', async () => {
      const first = await store.createPlan(newPlan('view-1'));
      const again = await store.createPlan(newPlan('view-1', { requesterId: 'U-other' }));
      const other = await store.createPlan(newPlan('view-2'));

      expect(first.created).toBe(true);
      expect(first.plan).toMatchObject({
        submissionKey: 'view-1',
        teamId: 'T1',
        channelId: 'C1',
        requesterId: 'U1',
        request,
        status: 'drafting',
        version: 1,
        rootTs: null,
        failure: null,
      });
      expect(first.plan.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(again).toEqual({ created: false, plan: first.plan });
      expect(other.created).toBe(true);
      expect(other.plan.id).not.toBe(first.plan.id);
      expect(await store.getPlan(first.plan.id)).toEqual(first.plan);
      expect(await store.getPlan('no-such-plan')).toBeUndefined();
    });

    it('sets the root ts and finds the plan by it, within its channel only', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      await store.setRootTs(plan.id, '1700000000.000100');

      const found = await store.findPlanByRootTs('C1', '1700000000.000100');
      expect(found).toMatchObject({ id: plan.id, rootTs: '1700000000.000100' });
      expect(found && found.updatedAt > plan.updatedAt).toBe(true);
      expect(await store.findPlanByRootTs('C2', '1700000000.000100')).toBeUndefined();
      expect(await store.findPlanByRootTs('C1', '1700000000.000200')).toBeUndefined();
    });

    it.each([
      { status: 'failed', failure: { code: 'stalled', message: 'no tokens for 30 s' } },
      { status: 'ready', failure: null },
      { status: 'ready', failure: undefined },
    ] as const)('sets status $status with failure $failure', async ({ status, failure }) => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      await store.setStatus(plan.id, 'failed', { code: 'earlier', message: 'to be replaced' });
      await store.setStatus(plan.id, status, failure);

      const stored = await store.getPlan(plan.id);
      expect(stored).toMatchObject({ status, failure: failure ?? null });
      expect(stored && stored.updatedAt > plan.updatedAt).toBe(true);
    });

    it('sets the version', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      await store.setVersion(plan.id, 3);
      expect((await store.getPlan(plan.id))?.version).toBe(3);
    });

    it.each([
      ['setRootTs', (s: Store) => s.setRootTs('no-such-plan', '1.2')],
      ['setStatus', (s: Store) => s.setStatus('no-such-plan', 'ready')],
      ['setVersion', (s: Store) => s.setVersion('no-such-plan', 2)],
    ])('%s refuses an unknown plan', async (_name, update) => {
      await expect(update(store)).rejects.toMatchObject({ code: 'plan_not_found' });
    });
  });

  describe('sections', () => {
    it('returns a version’s sections in SECTION_KEYS order, whatever the save order', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      for (const key of [...SECTION_KEYS].reverse()) {
        await store.saveSection({
          planId: plan.id,
          version: 1,
          key,
          content: { key, n: [1, 2] },
          hash: `h-${key}`,
        });
      }
      await store.saveSection({ planId: plan.id, version: 2, key: 'gating', content: 'v2', hash: 'h2' });

      const sections = await store.listSections(plan.id, 1);
      expect(sections.map((s) => s.key)).toEqual([...SECTION_KEYS]);
      expect(sections[2]).toEqual({
        planId: plan.id,
        version: 1,
        key: 'gating',
        content: { key: 'gating', n: [1, 2] },
        hash: 'h-gating',
      });
      expect(await store.listSections(plan.id, 2)).toEqual([
        { planId: plan.id, version: 2, key: 'gating', content: 'v2', hash: 'h2' },
      ]);
      expect(await store.listSections(plan.id, 3)).toEqual([]);
    });

    it('upserts a section of the same version', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      await store.saveSection({ planId: plan.id, version: 1, key: 'exit', content: { a: 1 }, hash: 'old' });
      await store.saveSection({ planId: plan.id, version: 1, key: 'exit', content: { a: 2 }, hash: 'new' });
      expect(await store.listSections(plan.id, 1)).toEqual([
        { planId: plan.id, version: 1, key: 'exit', content: { a: 2 }, hash: 'new' },
      ]);
    });

    it('refuses a section of an unknown plan (foreign keys are on)', async () => {
      await expect(
        store.saveSection({ planId: 'no-such-plan', version: 1, key: 'exit', content: {}, hash: 'h' }),
      ).rejects.toThrow(/FOREIGN KEY/);
    });
  });

  describe('messages', () => {
    it('keeps the first ts of a part and lists in posting order', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      await store.recordMessage({ planId: plan.id, itemKey: 'scorecard', part: 0, ts: '1.1' });
      await store.recordMessage({ planId: plan.id, itemKey: 'gating', part: 0, ts: '1.2' });
      await store.recordMessage({ planId: plan.id, itemKey: 'scorecard', part: 0, ts: '9.9' });
      await store.recordMessage({ planId: plan.id, itemKey: 'scorecard', part: 1, ts: '1.3' });

      expect(await store.listMessages(plan.id)).toEqual([
        { planId: plan.id, itemKey: 'scorecard', part: 0, ts: '1.1' },
        { planId: plan.id, itemKey: 'gating', part: 0, ts: '1.2' },
        { planId: plan.id, itemKey: 'scorecard', part: 1, ts: '1.3' },
      ]);
    });

    it('deletes the parts of one item from a part on', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      for (const part of [0, 1, 2]) {
        await store.recordMessage({ planId: plan.id, itemKey: 'writeback:a', part, ts: `1.${part}` });
        await store.recordMessage({ planId: plan.id, itemKey: 'writeback:b', part, ts: `2.${part}` });
      }
      await store.deleteMessagesFrom(plan.id, 'writeback:a', 1);

      const left = (await store.listMessages(plan.id)).map((m) => `${m.itemKey}/${m.part}`);
      expect(left).toEqual(['writeback:a/0', 'writeback:b/0', 'writeback:b/1', 'writeback:b/2']);
    });
  });

  describe('decisions', () => {
    it.each([
      { change: {}, recorded: false },
      { change: { decision: 'request_changes', reason: 'again, differently' }, recorded: false },
      { change: { contentHash: 'b'.repeat(64) }, recorded: true },
      { change: { userId: 'U3' }, recorded: true },
      { change: { itemKey: 'exit' }, recorded: true },
      // The same content again in a later run (it changed and changed back): a new decision.
      { change: { version: 3 }, recorded: true },
    ] as const)('a second decision with $change is recorded: $recorded', async ({ change, recorded }) => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      const first = decision({ planId: plan.id });
      expect(await store.recordDecision(first)).toBe(true);
      expect(await store.recordDecision({ ...first, ...change })).toBe(recorded);
      expect(await store.listDecisions(plan.id)).toEqual(
        recorded ? [first, { ...first, ...change }] : [first],
      );
    });

    it('lists decisions per plan', async () => {
      const a = await store.createPlan(newPlan('view-a'));
      const b = await store.createPlan(newPlan('view-b'));
      await store.recordDecision(decision({ planId: a.plan.id, reason: 'looks right' }));
      expect(await store.listDecisions(b.plan.id)).toEqual([]);
      expect(await store.listDecisions(a.plan.id)).toEqual([
        decision({ planId: a.plan.id, reason: 'looks right' }),
      ]);
    });
  });

  it('records model calls per plan, in order', async () => {
    const a = await store.createPlan(newPlan('view-a'));
    const b = await store.createPlan(newPlan('view-b'));
    const call: ModelCallRecord = {
      planId: a.plan.id,
      purpose: 'plan',
      provider: 'openai',
      model: 'gpt-5.5',
      usage: { inputTokens: 1200, outputTokens: 3400, cachedInputTokens: 1024 },
      latencyMs: 5120,
      outcome: 'ok',
      createdAt: '2026-01-01T00:00:00.000Z',
    };
    const repair: ModelCallRecord = { ...call, purpose: 'repair', outcome: 'invalid_output', latencyMs: 800 };
    await store.recordModelCall(call);
    await store.recordModelCall(repair);
    await store.recordModelCall({ ...call, planId: b.plan.id });

    expect(await store.listModelCalls(a.plan.id)).toEqual([call, repair]);
  });

  it('claims a key once', async () => {
    expect(await store.claimOnce('event:Ev1')).toBe(true);
    expect(await store.claimOnce('event:Ev1')).toBe(false);
    expect(await store.claimOnce('event:Ev2')).toBe(true);
  });

  describe('audit', () => {
    it('chains entries from genesis and verifies', async () => {
      const first = await store.appendAudit({ planId: null, kind: 'app_started', actor: null, data: {} });
      const second = await store.appendAudit({
        planId: 'p1',
        kind: 'plan_created',
        actor: 'U1',
        data: { a: 1 },
      });
      const third = await store.appendAudit({ planId: 'p2', kind: 'approved', actor: 'U2', data: ['x'] });

      expect([first.seq, second.seq, third.seq]).toEqual([1, 2, 3]);
      expect(first.prevHash).toBe(GENESIS_HASH);
      expect(second.prevHash).toBe(first.hash);
      expect(third.prevHash).toBe(second.hash);
      const all = await store.listAudit();
      expect(all).toEqual([first, second, third]);
      expect(verifyChain(all)).toEqual({ ok: true, count: 3 });
      expect(await store.listAudit({ planId: 'p1' })).toEqual([second]);
      expect(await store.listAudit({ planId: 'none' })).toEqual([]);
    });

    it('returns the entry as it will be read back', async () => {
      const entry = await store.appendAudit({
        planId: null,
        kind: 'odd_data',
        actor: null,
        data: { at: new Date('2026-02-03T04:05:06.000Z'), gone: undefined, 10: 'ten', 2: 'two' },
      });
      expect(entry.data).toEqual({ at: '2026-02-03T04:05:06.000Z', 10: 'ten', 2: 'two' });
      expect(await store.listAudit()).toEqual([entry]);
      expect(verifyChain([entry]).ok).toBe(true);
    });

    it('stores undefined data as null', async () => {
      const entry = await store.appendAudit({ planId: null, kind: 'no_data', actor: null, data: undefined });
      expect(entry.data).toBeNull();
      expect(await store.listAudit()).toEqual([entry]);
    });

    it('refuses data that is not JSON and leaves the chain as it was', async () => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      await expect(
        store.appendAudit({ planId: null, kind: 'bad', actor: null, data: loop }),
      ).rejects.toMatchObject({
        code: 'value_not_json',
      });
      const next = await store.appendAudit({ planId: null, kind: 'good', actor: null, data: 1 });
      expect(next.seq).toBe(1);
    });
  });

  it('closes idempotently', async () => {
    await store.close();
    await expect(store.close()).resolves.toBeUndefined();
  });
});
