import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DecisionRecord } from '../../src/approval/decisions.ts';
import { FEEDBACK_OUTCOMES, type Feedback } from '../../src/plan/feedback.ts';
import type { ModelCallRecord } from '../../src/plan/model.ts';
import type { NewPlan } from '../../src/plan/record.ts';
import { SECTION_KEYS } from '../../src/plan/schema.ts';
import { GENESIS_HASH, verifyChain } from '../../src/store/audit-chain.ts';
import { type AuditEvent, readAuditEvent } from '../../src/store/audit-events.ts';
import type { Store } from '../../src/store/port.ts';
import { sampleAuditEvent } from '../fakes/audit-events.ts';
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

/** Every reading moves one second on, so updatedAt visibly changes; `advance` jumps further. */
function steppingClock(start = Date.parse('2026-01-01T00:00:00.000Z')) {
  let at = start;
  return {
    now: () => {
      at += 1000;
      return new Date(at);
    },
    advance: (ms: number) => {
      at += ms;
    },
  };
}

export interface StoreUnderTest {
  store: Store;
  /** Closes the store and removes what the adapter made (files, schemas). */
  dispose(): Promise<void>;
}

/** Makes a new, empty store whose timestamps and lease expiries come from `now`. */
export type MakeStore = (now: () => Date) => Promise<StoreUnderTest>;

/**
 * The behaviour every Store adapter must have, whatever its database: run it against each adapter
 * (`storeContract('SQLite in memory', …)`). Time is the adapter's injected clock, never the wall clock.
 */
export function storeContract(name: string, makeStore: MakeStore): void {
  describe(`Store contract: ${name}`, () => {
    contractTests(makeStore);
  });
}

function contractTests(makeStore: MakeStore): void {
  let store: Store;
  let dispose: () => Promise<void>;
  let clock: ReturnType<typeof steppingClock>;

  beforeEach(async () => {
    clock = steppingClock();
    ({ store, dispose } = await makeStore(clock.now));
  });
  afterEach(async () => {
    await dispose();
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

  it('lists the most recently created plans first, at most the limit', async () => {
    expect(await store.listRecentPlans(10)).toEqual([]);
    const a = (await store.createPlan(newPlan('view-a'))).plan;
    const b = (await store.createPlan(newPlan('view-b'))).plan;
    const c = (await store.createPlan(newPlan('view-c'))).plan;
    expect((await store.listRecentPlans(10)).map((p) => p.id)).toEqual([c.id, b.id, a.id]);
    expect(await store.listRecentPlans(2)).toEqual([await store.getPlan(c.id), await store.getPlan(b.id)]);
  });

  it('marks a root as lagging behind, lists such plans, and clears the mark without editing the plan', async () => {
    const a = (await store.createPlan(newPlan('view-a'))).plan;
    const b = (await store.createPlan(newPlan('view-b'))).plan;
    expect(await store.listStaleRoots()).toEqual([]);
    await store.setRootStale(b.id, true);
    await store.setRootStale(a.id, true);
    expect((await store.listStaleRoots()).map((p) => p.id)).toEqual([a.id, b.id]);
    await store.setRootStale(a.id, false);
    expect(await store.listStaleRoots()).toEqual([await store.getPlan(b.id)]);
    expect((await store.getPlan(a.id))?.updatedAt).toBe(a.updatedAt);
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
      ).rejects.toThrow(/foreign key/i);
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

  it('claims a key once when it is claimed twice at the same moment', async () => {
    const claims = [
      store.claimOnce('command:T1'),
      store.claimOnce('command:T1'),
      store.claimOnce('command:T2'),
    ];
    // Which of two racing claims wins is the database's to decide; that exactly one does is not.
    const [first, second, other] = await Promise.all(claims);
    expect([first, second].sort()).toEqual([false, true]);
    expect(other).toBe(true);
    expect(await store.claimOnce('command:T2')).toBe(false);
  });

  it('lists claims a page at a time in key order, with when each was made', async () => {
    for (const key of ['event:b1', 'event:a2', 'event:c1', 'event:a1']) await store.claimOnce(key);
    const first = await store.listClaimsAfter('', 3);
    expect(first.map((c) => c.key)).toEqual(['event:a1', 'event:a2', 'event:b1']);
    const rest = await store.listClaimsAfter('event:b1', 3);
    expect(rest.map((c) => c.key)).toEqual(['event:c1']);
    const made = Object.fromEntries([...first, ...rest].map((c) => [c.key, c.createdAt]));
    // Claimed b1, a2, c1, a1 in that order, each a clock step later.
    expect([made['event:b1'], made['event:a2'], made['event:c1'], made['event:a1']]).toEqual(
      [...Object.values(made)].sort(),
    );
    expect(new Date(made['event:b1'] ?? '').toISOString()).toBe(made['event:b1']);
    expect(new Set(Object.values(made)).size).toBe(4);
  });

  it('forgets only the given claims made before the cut-off, which can then be claimed again', async () => {
    for (const key of ['event:a1', 'event:a2', 'event:a3']) await store.claimOnce(key);
    const [, second] = await store.listClaimsAfter('', 10);
    const forgotten = await store.forgetClaims(
      ['event:a1', 'event:a3', 'event:none'],
      second?.createdAt ?? '',
    );
    expect(forgotten).toBe(1);
    expect((await store.listClaimsAfter('', 10)).map((c) => c.key)).toEqual(['event:a2', 'event:a3']);
    expect(await store.claimOnce('event:a1')).toBe(true);
    expect(await store.forgetClaims([], '2099-01-01T00:00:00.000Z')).toBe(0);
  });

  describe('audit', () => {
    it('chains entries from genesis, verifies, and filters by plan', async () => {
      const first = await store.appendAudit(sampleAuditEvent('p0', 1));
      const second = await store.appendAudit(sampleAuditEvent('p1', 2, 'U2'));
      const third = await store.appendAudit({
        kind: 'plan.failed',
        planId: 'p2',
        actor: null,
        data: { code: 'stalled' },
      });

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

    it('returns the entry as it will be read back, and reads it back as its typed event', async () => {
      const event: AuditEvent = {
        kind: 'approval.reset',
        planId: 'p1',
        actor: null,
        data: {
          itemKey: 'gating',
          version: 2,
          fromHash: 'a',
          toHash: undefined,
          feedbackId: 'f1',
          dismissed: [],
        },
      };
      const entry = await store.appendAudit(event);
      expect(entry.data).toEqual({
        itemKey: 'gating',
        version: 2,
        fromHash: 'a',
        feedbackId: 'f1',
        dismissed: [],
      });
      expect(await store.listAudit()).toEqual([entry]);
      expect(verifyChain([entry]).ok).toBe(true);
      expect(readAuditEvent(entry)).toEqual({ ...event, data: entry.data });
    });

    it.each([
      ['an unknown kind', { kind: 'plan.deleted', planId: 'p1', actor: null, data: {} }],
      [
        'data of another kind',
        { kind: 'plan.failed', planId: 'p1', actor: null, data: { feedbackId: 'f1' } },
      ],
      [
        'a field the kind does not have',
        { kind: 'plan.retry', planId: 'p1', actor: 'U1', data: { extra: 1 } },
      ],
      ['no plan', { kind: 'plan.retry', planId: '', actor: 'U1', data: {} }],
    ])('refuses %s and leaves the chain as it was', async (_name, bad) => {
      await expect(store.appendAudit(bad as unknown as AuditEvent)).rejects.toThrow();
      expect((await store.appendAudit(sampleAuditEvent('p1', 1))).seq).toBe(1);
    });
  });

  describe('guard notes', () => {
    it('keeps the first notes saved for a section content, per plan, key and hash', async () => {
      const { plan } = await store.createPlan(newPlan('view-1'));
      const record = {
        planId: plan.id,
        key: 'gating' as const,
        hash: 'h1',
        notes: ['Removed 1 command line'],
      };
      expect(await store.saveGuardNotes(record)).toBe(true);
      expect(await store.saveGuardNotes({ ...record, notes: ['other'] })).toBe(false);
      expect(await store.getGuardNotes(plan.id, 'gating', 'h1')).toEqual(['Removed 1 command line']);
      expect(await store.getGuardNotes(plan.id, 'gating', 'h2')).toEqual([]);
      expect(await store.getGuardNotes(plan.id, 'exit', 'h1')).toEqual([]);
    });
  });

  describe('feedback', () => {
    const feedback = (planId: string, id: string): Feedback => ({
      id,
      planId,
      userId: 'U2',
      source: 'thread_reply',
      text: `feedback ${id}`,
      originalChars: 10,
      redactions: 0,
    });

    it('stores feedback once per plan and id, and finds it', async () => {
      const a = await store.createPlan(newPlan('view-a'));
      const b = await store.createPlan(newPlan('view-b'));
      expect(await store.recordFeedback(feedback(a.plan.id, '1.1'))).toBe(true);
      expect(await store.recordFeedback({ ...feedback(a.plan.id, '1.1'), text: 'again' })).toBe(false);
      expect(await store.recordFeedback(feedback(b.plan.id, '1.1'))).toBe(true);
      expect(await store.getFeedback(a.plan.id, '1.1')).toEqual(feedback(a.plan.id, '1.1'));
      expect(await store.getFeedback(a.plan.id, '9.9')).toBeUndefined();
    });

    it('lists unanswered feedback in arrival order, across plans, until it is answered', async () => {
      const a = await store.createPlan(newPlan('view-a'));
      const b = await store.createPlan(newPlan('view-b'));
      for (const [plan, id] of [
        [a, '3.0'],
        [b, '1.0'],
        [a, '2.0'],
        [a, '4.0'],
      ] as const) {
        await store.recordFeedback(feedback(plan.plan.id, id));
      }
      await store.answerFeedback(a.plan.id, '2.0', 'revised');
      await store.answerFeedback(b.plan.id, '1.0', 'failed');
      await store.answerFeedback(a.plan.id, '9.9', 'unchanged');

      const waiting = await store.listUnansweredFeedback();
      expect(waiting.map((f) => [f.planId, f.id])).toEqual([
        [a.plan.id, '3.0'],
        [a.plan.id, '4.0'],
      ]);
      for (const outcome of FEEDBACK_OUTCOMES) {
        await store.answerFeedback(a.plan.id, '3.0', outcome);
      }
      await store.answerFeedback(a.plan.id, '4.0', 'not_applied');
      expect(await store.listUnansweredFeedback()).toEqual([]);
    });

    it('lists one plan’s unanswered feedback in arrival order', async () => {
      const a = await store.createPlan(newPlan('view-a'));
      const b = await store.createPlan(newPlan('view-b'));
      await store.recordFeedback(feedback(a.plan.id, '9.0'));
      await store.recordFeedback(feedback(b.plan.id, '1.0'));
      await store.recordFeedback(feedback(a.plan.id, '2.0'));
      expect((await store.listUnansweredFeedback(a.plan.id)).map((f) => f.id)).toEqual(['9.0', '2.0']);
      expect((await store.listUnansweredFeedback(b.plan.id)).map((f) => f.id)).toEqual(['1.0']);
      expect(await store.listUnansweredFeedback('no-such-plan')).toEqual([]);
    });

    it('counts a plan’s feedback since a time, from everyone or from one person', async () => {
      const { plan } = await store.createPlan(newPlan('view-a'));
      const other = (await store.createPlan(newPlan('view-b'))).plan;
      await store.recordFeedback(feedback(plan.id, '1.0'));
      const since = clock.now().toISOString();
      await store.recordFeedback(feedback(plan.id, '2.0'));
      await store.recordFeedback({ ...feedback(plan.id, '3.0'), userId: 'U3' });
      await store.recordFeedback(feedback(other.id, '4.0'));
      expect(await store.countFeedback(plan.id, since)).toBe(2);
      expect(await store.countFeedback(plan.id, since, 'U2')).toBe(1);
      expect(await store.countFeedback(plan.id, '2000-01-01T00:00:00.000Z')).toBe(3);
      expect(await store.countFeedback(plan.id, since, 'U9')).toBe(0);
    });

    it('reopens failed feedback only, which then waits in its arrival place again', async () => {
      const { plan } = await store.createPlan(newPlan('view-a'));
      for (const id of ['1.0', '2.0', '3.0']) await store.recordFeedback(feedback(plan.id, id));
      await store.answerFeedback(plan.id, '1.0', 'failed');
      await store.answerFeedback(plan.id, '2.0', 'revised');

      expect(await store.reopenFeedback(plan.id, '2.0')).toBe(false);
      expect(await store.reopenFeedback(plan.id, '3.0')).toBe(false);
      expect(await store.reopenFeedback(plan.id, '9.9')).toBe(false);
      expect(await store.reopenFeedback(plan.id, '1.0')).toBe(true);
      expect(await store.reopenFeedback(plan.id, '1.0')).toBe(false);
      expect((await store.listUnansweredFeedback(plan.id)).map((f) => f.id)).toEqual(['1.0', '3.0']);
    });
  });

  describe('plan transactions', () => {
    it('runs work on one plan one at a time, and returns what it returns', async () => {
      const { plan } = await store.createPlan(newPlan('view-a'));
      const trace: string[] = [];
      const work = (name: string) => async (tx: Store) => {
        trace.push(`${name}:start`);
        const decisions = await tx.listDecisions(plan.id);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await tx.recordDecision(decision({ planId: plan.id, userId: `U${decisions.length + 2}` }));
        trace.push(`${name}:end`);
        return decisions.length;
      };
      const counts = await Promise.all([
        store.withPlanTransaction(plan.id, work('a')),
        store.withPlanTransaction(plan.id, work('b')),
      ]);
      expect(counts.sort()).toEqual([0, 1]);
      expect(trace.join(' ')).toMatch(/^(a|b):start \1:end (a|b):start \2:end$/);
      expect((await store.listDecisions(plan.id)).map((d) => d.userId).sort()).toEqual(['U2', 'U3']);
    });

    it('keeps what work wrote when it succeeds; lets an error through (and, on PostgreSQL, rolls back)', async () => {
      const { plan } = await store.createPlan(newPlan('view-a'));
      await store.withPlanTransaction(plan.id, async (tx) => {
        await tx.recordDecision(decision({ planId: plan.id, userId: 'U2' }));
        await tx.appendAudit(sampleAuditEvent(plan.id, 1));
      });
      const failing = store.withPlanTransaction(plan.id, async (tx) => {
        await tx.recordDecision(decision({ planId: plan.id, userId: 'U3' }));
        throw new Error('changed my mind');
      });
      await expect(failing).rejects.toThrow('changed my mind');
      const users = (await store.listDecisions(plan.id)).map((d) => d.userId);
      // SQLite serialises in process without a transaction (async work cannot share its connection's).
      expect(users).toEqual(store.stats().kind === 'postgres' ? ['U2'] : ['U2', 'U3']);
      expect((await store.listAudit()).length).toBe(1);
      expect(verifyChain(await store.listAudit()).ok).toBe(true);
    });
  });

  it('answers a ping and reports its connections', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
    const stats = store.stats();
    expect(['sqlite', 'postgres']).toContain(stats.kind);
    expect(stats.max).toBeGreaterThanOrEqual(1);
    expect(stats.waiting).toBe(0);
  });

  describe('approval timeouts', () => {
    const state = {
      clocks: { gating: { hash: 'h1', startedAt: 5, escalatedAt: null } },
      reminded: { gating: { U1: 9 } },
    };

    it('keeps a plan’s clocks and due time, and upserts them', async () => {
      const { plan } = await store.createPlan(newPlan('v1'));
      expect(await store.getTimeouts(plan.id)).toBeUndefined();
      await store.saveTimeouts(plan.id, state, 1_000);
      expect(await store.getTimeouts(plan.id)).toEqual({ state, dueAt: 1_000 });
      await store.saveTimeouts(plan.id, { clocks: {}, reminded: {} }, null);
      expect(await store.getTimeouts(plan.id)).toEqual({ state: { clocks: {}, reminded: {} }, dueAt: null });
    });

    it('claims due plans once until the lease expires or is released, the oldest due within the limit', async () => {
      const a = (await store.createPlan(newPlan('a'))).plan;
      const b = (await store.createPlan(newPlan('b'))).plan;
      const c = (await store.createPlan(newPlan('c'))).plan;
      const now = clock.now().getTime();
      await store.saveTimeouts(a.id, state, now - 10);
      await store.saveTimeouts(b.id, state, now - 20);
      await store.saveTimeouts(c.id, state, now + 3_600_000);
      expect((await store.claimDueTimeouts('replica-a', 30_000, 10)).sort()).toEqual([a.id, b.id].sort());
      expect(await store.claimDueTimeouts('replica-b', 30_000, 10)).toEqual([]);
      await store.releaseTimeouts(a.id, 'replica-b');
      expect(await store.claimDueTimeouts('replica-b', 30_000, 10)).toEqual([]);
      await store.releaseTimeouts(a.id, 'replica-a');
      await store.releaseTimeouts(b.id, 'replica-a');
      expect(await store.claimDueTimeouts('replica-b', 30_000, 1)).toEqual([b.id]);
      expect(await store.claimDueTimeouts('replica-b', 30_000, 1)).toEqual([a.id]);
      clock.advance(60_000);
      expect((await store.claimDueTimeouts('replica-c', 30_000, 10)).sort()).toEqual([a.id, b.id].sort());
      await store.saveTimeouts(a.id, state, null);
      clock.advance(60_000);
      expect(await store.claimDueTimeouts('replica-c', 30_000, 10)).toEqual([b.id]);
    });

    it('expires a plan once, and reads the time back', async () => {
      const { plan } = await store.createPlan(newPlan('v1'));
      expect(plan.expiredAt).toBeNull();
      expect(await store.expirePlan(plan.id)).toBe(true);
      expect(await store.expirePlan(plan.id)).toBe(false);
      const expired = await store.getPlan(plan.id);
      expect(expired?.expiredAt).toMatch(/^2026-01-01T/);
    });
  });

  describe('generation leases', () => {
    it('lets one owner hold a plan until the lease expires, then another', async () => {
      const { plan } = await store.createPlan(newPlan('v1'));
      expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(true);
      expect(await store.acquireLease(plan.id, 'replica-b', 30_000)).toBe(false);
      expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(true);
      clock.advance(60_000);
      expect(await store.acquireLease(plan.id, 'replica-b', 30_000)).toBe(true);
      expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(false);
      await store.releaseLease(plan.id, 'replica-a');
      expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(false);
      await store.releaseLease(plan.id, 'replica-b');
      expect(await store.acquireLease(plan.id, 'replica-a', 30_000)).toBe(true);
    });

    it('lists drafting plans whose lease is gone or expired and that are quiet, not finished or leased ones', async () => {
      const draft = async (key: string) => (await store.createPlan(newPlan(key))).plan;
      const orphan = await draft('orphan');
      const leased = await draft('leased');
      const expired = await draft('expired');
      const done = await draft('done');
      await store.setStatus(done.id, 'ready');
      await store.acquireLease(leased.id, 'a', 600_000);
      await store.acquireLease(expired.id, 'a', 10_000);
      clock.advance(60_000);
      const fresh = await draft('fresh');
      const ids = (await store.listOrphanedDrafts(30_000)).map((p) => p.id);
      expect(ids.sort()).toEqual([orphan.id, expired.id].sort());
      expect(ids).not.toContain(fresh.id);
      await store.releaseLease(leased.id, 'a');
      const again = await store.listOrphanedDrafts(30_000);
      expect(again.map((p) => p.id)).toContain(leased.id);
      expect(again.find((p) => p.id === leased.id)).toEqual(await store.getPlan(leased.id));
    });
  });

  it('closes idempotently', async () => {
    await store.close();
    await store.close();
  });
}
