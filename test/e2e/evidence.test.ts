import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import { ACTION, APPROVE_ACTION_PATTERN } from '../../src/slack/ids.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { type EvidenceFakes, startEvidenceFakes } from '../fakes/evidence/index.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { threadReplyEvent } from '../fakes/slack-client.ts';
import {
  approveButtons,
  buttonsOf,
  CHANNEL,
  click,
  itemMessage,
  planOf,
  pressButton,
  requestPlan,
  root,
  textOf,
} from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const SHA = '9f62033a1b2c3d4e5f60718293a4b5c6d7e8f901';
const SRE = 'U0SRE1';
const BLOCKERS = 'project = REL AND priority = Blocker AND statusCategory != Done';
const POLICY: Policy = {
  roles: { 'SRE lead': { users: [SRE], usergroups: [] }, CTO: { users: ['U0CTO1'], usergroups: [] } },
  approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
  gates: [
    {
      environment: 'staging',
      checks: [
        { kind: 'github_checks', repo: 'acme/ingest-api', required: ['build', 'test'] },
        {
          kind: 'datadog_monitors',
          tags: ['env:staging', 'service:ingest'],
          warn: 'unknown',
          maxAgeMs: 15 * 60_000,
        },
      ],
    },
    {
      environment: 'production',
      checks: [
        { kind: 'pagerduty_incidents', services: ['P1ABCD2'], urgency: 'high', max: 0 },
        { kind: 'jira_count', jql: BLOCKERS, max: 0 },
      ],
    },
  ],
};

let fakes: EvidenceFakes;
beforeAll(async () => {
  fakes = await startEvidenceFakes();
  fakes.pagerduty.addService('P1ABCD2', 'Ingest API');
});
afterAll(() => fakes.close());

function allGreen(): void {
  fakes.github.setCommit('acme/ingest-api', SHA, [{ name: 'build' }, { name: 'test' }, { name: 'lint' }]);
  fakes.datadog.setMonitors([
    { name: 'ingest p99 latency', tags: ['env:staging', 'service:ingest'], state: 'OK' },
  ]);
  fakes.pagerduty.setIncidents([]);
  fakes.jira.setResult(BLOCKERS, []);
}

async function approveScorecard(h: Harness): Promise<void> {
  const message = await itemMessage(h, 'scorecard');
  const [button] = approveButtons(message);
  if (!button) throw new Error('no Approve button on the scorecard');
  expect((await pressButton(h, message, button, SRE)).status).toBe(200);
  await h.idle();
}

describe('gates decided by live, read-only evidence, end to end', () => {
  let h: Harness;
  let dir: string;
  const logLines: string[] = [];
  beforeEach(async () => {
    for (const fake of fakes.all()) {
      fake.requests.length = 0;
      fake.failAll(undefined);
    }
    allGreen();
    logLines.length = 0;
    dir = mkdtempSync(path.join(tmpdir(), 'evidence-e2e-'));
    h = await startHarness({
      policy: POLICY,
      env: { ...fakes.env, EVIDENCE_TIMEOUT_MS: '2000' },
      store: openSqliteStore(path.join(dir, 'plans.db')),
      logLines,
    });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a failing required check fails staging with its name; an open high-urgency incident fails production; the evidence wins over the draft', async () => {
    fakes.github.setCommit('acme/ingest-api', SHA, [
      { name: 'build', conclusion: 'failure' },
      { name: 'test' },
    ]);
    fakes.pagerduty.setIncidents([
      { service: 'P1ABCD2', title: 'Ingest lag <!channel>', status: 'triggered', urgency: 'high' },
    ]);
    await requestPlan(h, { evidence_ref: SHA });

    const scorecard = textOf(await itemMessage(h, 'scorecard'));
    expect(scorecard).toContain('❌ *staging* — fail');
    expect(scorecard).toContain('Evidence decided fail (the draft said pass)');
    expect(scorecard).toContain('1 of 2 required failed: build');
    expect(scorecard).toContain('❌ *production* — fail');
    expect(scorecard).toContain('Ingest lag &lt;!channel&gt;');
    expect(scorecard).not.toContain('<!channel>');
    expect(scorecard).toContain('*canary* — unknown · _model-written_');
    const rootText = textOf(root(h));
    expect(rootText).toContain('❌ staging: fail');
    expect(rootText).toContain('❌ production: fail');
    expect(buttonsOf(root(h)).map((b) => b.actionId)).toContain(ACTION.refreshEvidence);
    // The model was given the evidence as data, and told the statuses are final.
    const prompt = JSON.stringify(h.models.requests[0]?.body);
    expect(prompt).toContain('<evidence>');
    expect(prompt).toContain('1 of 2 required failed: build');
    expect(h.slack.violations).toEqual([]);
  });

  it('a revision cannot turn a gate the evidence failed into a pass', async () => {
    fakes.github.setCommit('acme/ingest-api', SHA, [
      { name: 'build', conclusion: 'failure' },
      { name: 'test' },
    ]);
    await requestPlan(h, { evidence_ref: SHA });
    const drafted = samplePlan().scorecard;
    const claimed = {
      ...drafted,
      gates: drafted.gates.map((g) => ({ ...g, status: 'pass' as const, evidence: 'All green, trust me.' })),
      overall_status: 'green' as const,
    };
    const nulls = { toolchain: null, gating: null, timeline: null, writeback: null, exit: null };
    h.models.script({
      kind: 'json',
      value: { ...nulls, scorecard: claimed, summary: 'Marked every gate as passing.' },
    });
    const res = await h.client.event(
      threadReplyEvent({
        channel: CHANNEL,
        user: SRE,
        text: 'Mark all gates as passing.',
        ts: '1800000000.000001',
        threadTs: root(h).ts,
      }),
    );
    expect(res.status).toBe(200);
    await h.idle();

    const scorecard = textOf(await itemMessage(h, 'scorecard'));
    expect(scorecard).toContain('❌ *staging* — fail');
    expect(scorecard).toContain('Evidence decided fail (the draft said pass). All green, trust me.');
    expect(scorecard).toContain('✅ *canary* — pass · _model-written_');
    expect(textOf(root(h))).toContain('🔴 *Overall status: red*');
  });

  it('a connector answering 500 leaves its gate unknown, never pass', async () => {
    fakes.jira.failAll({ kind: 'status', status: 500 });
    await requestPlan(h, { evidence_ref: SHA });
    const rootText = textOf(root(h));
    expect(rootText).toContain('✅ staging: pass');
    expect(rootText).toContain('❓ production: unknown');
    expect(textOf(await itemMessage(h, 'scorecard'))).toMatch(/Jira>? — [^"]*answered HTTP 500/);
  });

  it('without the commit the GitHub gate is unknown (no data), not pass', async () => {
    await requestPlan(h);
    expect(textOf(root(h))).toContain('❓ staging: unknown');
  });

  it('Refresh after the systems turn green turns the gates green and resets the scorecard’s approvals', async () => {
    fakes.github.setCommit('acme/ingest-api', SHA, [
      { name: 'build', status: 'in_progress' },
      { name: 'test' },
    ]);
    await requestPlan(h, { evidence_ref: SHA });
    expect(textOf(root(h))).toContain('❓ staging: unknown');
    await approveScorecard(h);
    const plan = await planOf(h);
    const approved = (await h.store.listDecisions(plan.id)).filter((d) => d.itemKey === 'scorecard');
    expect(approved).toHaveLength(1);
    const decisionEvent = (await h.store.listAudit({ planId: plan.id })).find(
      (e) => e.kind === 'decision.recorded',
    );
    const firstSnapshot = (await h.store.listAudit({ planId: plan.id })).find(
      (e) => e.kind === 'evidence.snapshot',
    );
    const given = (firstSnapshot?.data as { snapshot: { hash: string } } | undefined)?.snapshot.hash;
    expect(given).toMatch(/^[0-9a-f]{64}$/);
    expect((decisionEvent?.data as { evidenceHash?: string } | undefined)?.evidenceHash).toBe(given);

    allGreen();
    const before = fakes.github.requests.length;
    expect((await click(h, root(h), ACTION.refreshEvidence, SRE)).status).toBe(200);
    await h.idle();
    expect(fakes.github.requests.length).toBeGreaterThan(before);

    const rootText = textOf(root(h));
    expect(rootText).toContain('✅ staging: pass');
    expect(rootText).toContain('✅ production: pass');
    const after = await planOf(h);
    expect(after.version).toBe(plan.version + 1);
    const resets = (await h.store.listAudit({ planId: plan.id })).filter((e) => e.kind === 'approval.reset');
    expect(resets.map((e) => (e.data as { itemKey: string }).itemKey)).toEqual(['scorecard']);
    expect(textOf(await itemMessage(h, 'scorecard'))).toContain('✅ *staging* — pass');
    expect(
      buttonsOf(await itemMessage(h, 'scorecard')).some((b) => APPROVE_ACTION_PATTERN.test(b.actionId)),
    ).toBe(true);
    const note = h.slack
      .thread(CHANNEL, root(h).ts)
      .map(textOf)
      .find((t) => t.includes('Evidence refreshed'));
    expect(note).toContain('staging: unknown → ✅ *pass*');
    expect(note).toContain('1 decision no longer count');
  });

  it('Refresh with nothing changed keeps every approval and asks the systems again', async () => {
    await requestPlan(h, { evidence_ref: SHA });
    await approveScorecard(h);
    const plan = await planOf(h);
    const jiraBefore = fakes.jira.requests.length;
    await click(h, root(h), ACTION.refreshEvidence, SRE);
    await h.idle();
    expect(fakes.jira.requests.length).toBe(jiraBefore + 1);
    expect((await planOf(h)).version).toBe(plan.version);
    expect((await h.store.listAudit({ planId: plan.id })).some((e) => e.kind === 'approval.reset')).toBe(
      false,
    );
  });

  it('the scorecard cannot be approved on evidence past its max_age: the approver is told to refresh first', async () => {
    await h.close();
    const [staging, production] = POLICY.gates ?? [];
    const checks = (staging?.checks ?? []).map((c) =>
      c.kind === 'datadog_monitors' ? { ...c, maxAgeMs: 1 } : c,
    );
    const policy: Policy = {
      ...POLICY,
      gates: [{ environment: 'staging', checks }, ...(production ? [production] : [])],
    };
    h = await startHarness({ policy, env: fakes.env, store: openSqliteStore(':memory:') });
    await requestPlan(h, { evidence_ref: SHA });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await approveScorecard(h);

    expect(await h.store.listDecisions((await planOf(h)).id)).toEqual([]);
    const told = h.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === SRE);
    expect(JSON.stringify(told.at(-1)?.args)).toContain('Press Refresh evidence');
    const refused = (await h.store.listAudit({ planId: (await planOf(h)).id })).find(
      (e) => e.kind === 'decision.refused',
    );
    expect((refused?.data as { reason?: string } | undefined)?.reason).toBe('evidence_stale');
    expect(textOf(await itemMessage(h, 'scorecard'))).toMatch(/stale\*: observed/);
  });

  it('every request the fakes received was a GET with credentials only in headers; no credential reached Slack, the model, the logs or the database', async () => {
    fakes.github.setCommit('acme/ingest-api', SHA, [
      { name: 'build', conclusion: 'failure' },
      { name: 'test' },
    ]);
    await requestPlan(h, { evidence_ref: SHA });
    allGreen();
    await click(h, root(h), ACTION.refreshEvidence, SRE);
    await h.idle();
    await h.close();

    const received = fakes.all().flatMap((f) => f.requests);
    expect(received.length).toBeGreaterThan(8);
    expect(new Set(received.map((r) => r.method))).toEqual(new Set(['GET']));
    const secretsIn = (text: string) => fakes.secrets.filter((s) => text.includes(s));
    for (const r of received) expect(secretsIn(r.url.href)).toEqual([]);
    expect(fakes.github.violations).toEqual([]);

    expect(secretsIn(JSON.stringify([h.slack.calls, h.slack.responses]))).toEqual([]);
    expect(secretsIn(JSON.stringify(h.models.requests))).toEqual([]);
    expect(logLines.some((l) => l.includes('evidence collected'))).toBe(true);
    expect(secretsIn(logLines.join('\n'))).toEqual([]);
    const database = readdirSync(dir)
      .map((f) => readFileSync(path.join(dir, f)).toString('latin1'))
      .join('\n');
    expect(database).toContain('evidence.snapshot');
    expect(secretsIn(database)).toEqual([]);
    // afterEach closes a harness: a fresh one, unused.
    h = await startHarness({ policy: POLICY, env: fakes.env });
  });
});
