import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModalView } from '@slack/types';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import type { Plan } from '../../src/plan/schema.ts';
import { APPROVE_ACTION_PATTERN, CALLBACK } from '../../src/slack/ids.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { type FakeModels, type FakeStep, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import {
  blockActionsPayload,
  type SlackTestClient,
  threadReplyEvent,
  viewSubmissionPayload,
} from '../fakes/slack-client.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { freshDatabase, withAdmin } from '../support/postgres.ts';
import { ANSWERS, buttonsOf, CHANNEL, REQUESTER } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';
import { clientFor } from './process-flow.ts';

const SRE_1 = 'U0SRE1';
const SRE_2 = 'U0SRE2';
const PLANS = 10;
const ITEMS_CLICKED = 20;
const POLICY_YAML = `
roles:
  SME: { users: [U0SME1] }
  SRE lead: { users: [${SRE_1}, ${SRE_2}] }
  CTO: { users: [U0CTO1] }
approval_matrix:
  low: [SME]
  medium: [SRE lead]
  high: [SRE lead, CTO]
`;

/** A seeded generator: a failure replays with the same choices. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Replica {
  bot: BotProcess;
  client: SlackTestClient;
}

let slack: FakeSlack;
let models: FakeModels;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let dir: string;
let env: Record<string, string>;
const replicas: Replica[] = [];
const random = seeded(20261130);
const stats = { deliveries: 0, repeated: 0 };

async function startReplica(): Promise<Replica> {
  const bot = await startBotProcess(env);
  const client = clientFor(bot, slack);
  const replica = { bot, client };
  replicas.push(replica);
  return replica;
}

function live(): Replica[] {
  return replicas.filter((r) => r.bot.child.exitCode === null && r.bot.child.signalCode === null);
}

function pick(from: Replica[], except?: Replica): Replica {
  const choices = from.filter((r) => r !== except);
  const chosen = choices[Math.floor(random() * choices.length)];
  if (!chosen) throw new Error('no live replica');
  return chosen;
}

/**
 * Sends one delivery to a random live replica and, 30 % of the time, the same delivery to another
 * one at the same instant: Slack's retries and a load balancer's double sends look like this.
 */
async function deliver(send: (client: SlackTestClient) => Promise<{ status: number }>): Promise<void> {
  const first = pick(live());
  const sends = [send(first.client)];
  stats.deliveries += 1;
  if (random() < 0.3) {
    stats.repeated += 1;
    sends.push(send(pick(live(), first).client));
  }
  for (const res of await Promise.all(sends)) expect(res.status).toBe(200);
}

async function sql<T extends Record<string, unknown>>(text: string, params: unknown[] = []): Promise<T[]> {
  return withAdmin(database.url, async (c) => (await c.query<T>(text, params)).rows);
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

beforeAll(async () => {
  slack = await startFakeSlack();
  models = await startFakeModels();
  // Slow enough streams that a replica can be killed in the middle of one.
  models.setDefault({ kind: 'json', value: samplePlan(), chunkChars: 80, delayMs: 12 });
  database = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'rp-replicas-'));
  const policyFile = path.join(dir, 'policy.yml');
  writeFileSync(policyFile, POLICY_YAML);
  env = botEnvironment(
    { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
    {
      SLACK_MAX_RETRIES: '2',
      SLACK_POST_INTERVAL_MS: '0',
      // This fake Slack enforces no per-method limits: the app's own budget (tested on its own) would
      // only stretch the timings of this correctness test.
      SLACK_METHOD_BUDGET_SHARE: '0',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '5',
      GENERATION_LEASE_MS: '1500',
      POLICY_FILE: policyFile,
    },
  );
  await Promise.all([startReplica(), startReplica(), startReplica()]);
}, 60_000);

afterAll(async () => {
  for (const r of replicas) if (r.bot.child.exitCode === null) r.bot.child.kill('SIGKILL');
  await Promise.all(replicas.map((r) => r.bot.exited));
  await slack?.close();
  await models?.close();
  await database?.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function startPlans(): Promise<void> {
  const triggers = Array.from({ length: PLANS }, (_, i) => `${2_000_000 + i}.4744562912.replica${i}`);
  await Promise.all(
    triggers.map((triggerId) =>
      deliver((c) => c.command({ text: '', userId: REQUESTER, channelId: CHANNEL, triggerId })),
    ),
  );
  await slack.waitFor((s) => s.callsTo('views.open').length >= PLANS, 10_000, 'every modal');
  // One modal per command, however many replicas received it.
  const opened = slack.callsTo('views.open');
  expect(opened.map((c) => c.args.trigger_id).sort()).toEqual([...triggers].sort());
  await Promise.all(
    slack.views().map((fake) => {
      const view = fake.view as unknown as ModalView;
      const payload = viewSubmissionPayload({
        userId: REQUESTER,
        viewId: fake.id,
        callbackId: CALLBACK.planRequest,
        privateMetadata: view.private_metadata ?? '',
        values: fillModal(view, ANSWERS),
      });
      return deliver((c) => c.viewSubmission(payload));
    }),
  );
}

/** Kills the replica that holds the lease of a plan in the middle of its stream. */
async function killAGeneratingReplica(): Promise<BotProcess> {
  let owner: string | undefined;
  await waitUntil(
    async () => {
      const rows = await sql<{ owner: string }>(
        `SELECT l.owner FROM generation_leases l JOIN plans p ON p.id = l.plan_id
         WHERE p.status = 'drafting' AND (SELECT count(*) FROM messages m WHERE m.plan_id = p.id) >= 3`,
      );
      owner = rows[0]?.owner;
      return owner !== undefined;
    },
    20_000,
    'a plan in the middle of its stream',
  );
  const pid = Number(owner?.split(':')[1]);
  const victim = replicas.find((r) => r.bot.child.pid === pid);
  if (!victim) throw new Error(`no replica with pid ${pid}`);
  victim.bot.child.kill('SIGKILL');
  await victim.bot.exited;
  return victim.bot;
}

async function allPlansReady(): Promise<void> {
  await waitUntil(
    async () => {
      const rows = await sql<{ status: string }>('SELECT status FROM plans');
      return rows.length === PLANS && rows.every((r) => r.status === 'ready');
    },
    60_000,
    'every plan ready',
  );
}

/** For each plan: its thread's posts and the messages the store recorded, which must be the same set. */
async function postsPerPlan() {
  const plans = await sql<{ id: string; root_ts: string }>('SELECT id, root_ts FROM plans');
  return Promise.all(
    plans.map(async (plan) => {
      const recorded = await sql<{ item_key: string; part: number; ts: string }>(
        'SELECT item_key, part, ts FROM messages WHERE plan_id = $1',
        [plan.id],
      );
      const posted = slack.thread(CHANNEL, plan.root_ts).map((m) => ({ ts: m.ts, text: m.text }));
      return { plan, recorded, posted };
    }),
  );
}

/** Two holders of the same role press Approve on the same item, on two replicas, at the same instant. */
async function clickItemsOnTwoReplicas(): Promise<void> {
  const items = await sql<{ plan_id: string; root_ts: string; item_key: string; ts: string }>(
    `SELECT m.plan_id, p.root_ts, m.item_key, m.ts FROM messages m JOIN plans p ON p.id = m.plan_id
     WHERE m.part = (SELECT max(part) FROM messages x WHERE x.plan_id = m.plan_id AND x.item_key = m.item_key)
       AND m.item_key <> 'writeback'
     ORDER BY m.plan_id, m.seq LIMIT ${ITEMS_CLICKED}`,
  );
  expect(items).toHaveLength(ITEMS_CLICKED);
  await Promise.all(
    items.map(async (item) => {
      const message = slack.message(CHANNEL, item.ts);
      const button = buttonsOf(message ?? { blocks: [] }).find(
        (b) =>
          APPROVE_ACTION_PATTERN.test(b.actionId) &&
          (JSON.parse(b.value) as { role: string }).role === 'SRE lead',
      );
      if (!button) throw new Error(`no SRE lead Approve button on ${item.item_key}`);
      const first = pick(live());
      const second = pick(live(), first);
      const press = (userId: string) =>
        blockActionsPayload({
          userId,
          channelId: CHANNEL,
          messageTs: item.ts,
          threadTs: item.root_ts,
          actionId: button.actionId,
          blockId: button.blockId,
          value: button.value,
        });
      const [r1, r2] = await Promise.all([
        first.client.blockActions(press(SRE_1)),
        second.client.blockActions(press(SRE_2)),
      ]);
      expect([r1.status, r2.status]).toEqual([200, 200]);
    }),
  );
}

function revision(criterion: string): FakeStep {
  const gating = structuredClone(samplePlan().gating) as Plan['gating'];
  gating.rules[1]?.criteria.push(criterion);
  return {
    kind: 'json',
    value: {
      scorecard: null,
      toolchain: null,
      gating,
      timeline: null,
      writeback: null,
      exit: null,
      summary: `Added “${criterion}”.`,
    },
  };
}

/** Three replies to one plan, each received by another replica, some delivered twice. */
async function replyAcrossReplicas(rootTs: string): Promise<string[]> {
  models.script(revision('Check one'), revision('Check two'), revision('Check three'));
  const replies: string[] = [];
  for (const [i, text] of ['Add check one.', 'Add check two.', 'Add check three.'].entries()) {
    const ts = `${Math.floor(Date.now() / 1000)}.${String(900_000 + i).padStart(6, '0')}`;
    replies.push(ts);
    const envelope = threadReplyEvent({ user: SRE_1, channel: CHANNEL, text, ts, threadTs: rootTs });
    await deliver((c) => c.event(envelope));
  }
  return replies;
}

describe('three replicas on one PostgreSQL', () => {
  it('loses nothing and doubles nothing: plans, a killed replica, racing clicks, replies spread across replicas', async () => {
    await startPlans();
    const killed = await killAGeneratingReplica();
    // The orchestrator replaces the lost replica; its plans are taken over after the lease.
    await startReplica();
    await allPlansReady();
    expect(killed.output()).not.toMatch(/"level":(50|60)/);

    for (const { plan, recorded, posted } of await postsPerPlan()) {
      // Each section and draft posted exactly once: every thread post is one the store recorded.
      const unrecorded = posted.filter((p) => !recorded.some((r) => r.ts === p.ts)).map((p) => p.text);
      expect(unrecorded, `plan ${plan.id}`).toEqual([]);
      expect(posted.map((p) => p.ts).sort(), `plan ${plan.id}`).toEqual(recorded.map((r) => r.ts).sort());
      const sections = posted.filter((p) => /\d\/6/.test(p.text)).map((p) => p.text.match(/(\d)\/6/)?.[1]);
      expect(sections.sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    }

    await clickItemsOnTwoReplicas();
    await waitUntil(
      async () => (await sql('SELECT 1 FROM decisions')).length >= ITEMS_CLICKED,
      20_000,
      'the decisions',
    );
    // Let any straggling click land before counting.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const decisions = await sql<{ n: number }>(
      `SELECT count(*)::int AS n FROM decisions WHERE decision = 'approve' GROUP BY plan_id, item_key, content_hash, role`,
    );
    expect(decisions).toHaveLength(ITEMS_CLICKED);
    expect(decisions.every((d) => d.n === 1)).toBe(true);

    const [target] = await sql<{ id: string; root_ts: string }>(
      'SELECT id, root_ts FROM plans ORDER BY created_at DESC LIMIT 1',
    );
    if (!target) throw new Error('no plan');
    const replies = await replyAcrossReplicas(target.root_ts);
    await waitUntil(
      async () =>
        (await sql('SELECT 1 FROM feedback WHERE plan_id = $1 AND outcome IS NOT NULL', [target.id]))
          .length === 3,
      30_000,
      'three answered replies',
    );
    const feedback = await sql<{ id: string; outcome: string }>(
      'SELECT id, outcome FROM feedback WHERE plan_id = $1 ORDER BY seq',
      [target.id],
    );
    expect(feedback.map((f) => f.id).sort()).toEqual([...replies].sort());
    expect(feedback.map((f) => f.outcome)).toEqual(['revised', 'revised', 'revised']);
    // Applied one at a time, in the database's arrival order, whichever replica received each.
    const applied = await sql<{ fid: string }>(
      `SELECT data::jsonb #>> '{revision,feedbackId}' AS fid
       FROM audit WHERE plan_id = $1 AND kind = 'plan.version' AND data::jsonb ? 'revision' ORDER BY seq`,
      [target.id],
    );
    // Replies that arrive while a revision runs are folded into the next one, so each revision is
    // named by its first reply; they follow the database's arrival order.
    const order = feedback.map((f) => f.id);
    const leads = applied.map((a) => order.indexOf(a.fid));
    expect(leads[0]).toBe(0);
    expect(leads).toEqual([...leads].sort((a, b) => a - b));
    expect(new Set(leads).size).toBe(leads.length);
    // Feedback is answered just before its summary is posted: wait for the posts.
    const summaries = () =>
      slack
        .thread(CHANNEL, target.root_ts)
        .filter((m) => /Revision \d/.test(m.text))
        .map((m) => m.text.match(/Revision (\d)/)?.[1]);
    await slack.waitFor(() => summaries().length >= leads.length, 30_000, 'the revision summaries');
    expect(summaries()).toEqual(leads.map((_, i) => String(i + 1)));

    let out = '';
    const code = await runAudit(['verify', '--db', database.url], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (out += t) },
    });
    expect(out).toMatch(/^audit chain OK: \d+ entries/);
    expect(code).toBe(0);
    expect(stats.repeated).toBeGreaterThan(0);
  }, 180_000);
});
