import { afterEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import type { PlanRevision } from '../../src/plan/revision.ts';
import type { Plan } from '../../src/plan/schema.ts';
import { SECTION_KEYS, SECTION_TITLES } from '../../src/plan/schema.ts';
import { ACTION, APPROVE_ACTION_PATTERN } from '../../src/slack/ids.ts';
import type { FakeStep } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { commandPayload } from '../fakes/slack-client.ts';
import { ANSWERS, buttonsOf, CHANNEL, REQUESTER, root, textOf, thread } from './flow.ts';
import {
  APP_TOKEN,
  click,
  openModal,
  reply,
  type SocketHarness,
  startSocketHarness,
  submitModal,
} from './socket-harness.ts';

const ACK_BUDGET_MS = 3_000;
const SRE = 'U0SRE1';
const REVIEWER = 'U0REVIEWER';
const LOAD_TEST = 'Load test at peak volume passed';
const POLICY: Policy = {
  roles: { 'SRE lead': { users: [SRE], usergroups: [] } },
  approvalMatrix: { low: ['SRE lead'], medium: ['SRE lead'], high: ['SRE lead'] },
};

function revision(changes: Partial<Plan>, summary: string): FakeStep {
  const nulls: Omit<PlanRevision, 'summary'> = {
    scorecard: null,
    toolchain: null,
    gating: null,
    timeline: null,
    writeback: null,
    exit: null,
  };
  return { kind: 'json', value: { ...nulls, ...changes, summary } };
}

function gatingWithLoadTest(): Plan['gating'] {
  const gating = structuredClone(samplePlan().gating);
  gating.rules[1]?.criteria.push(LOAD_TEST);
  return gating;
}

function sectionHeaders(s: SocketHarness): string[] {
  return thread(s)
    .map((m) => m.text)
    .filter((t) => /\d\/6/.test(t));
}

/** Every envelope was acknowledged exactly once, on its own connection, within Slack's 3 s. */
function expectEachAckedOnce(s: SocketHarness): void {
  expect(s.socket.envelopes.length).toBeGreaterThan(0);
  for (const envelope of s.socket.envelopes) {
    const acks = s.socket.acksOf(envelope.envelope_id);
    expect(acks, `${envelope.type} ${envelope.envelope_id}`).toHaveLength(1);
    expect(acks[0]!.at - envelope.sentAt).toBeLessThan(ACK_BUDGET_MS);
  }
  expect(s.socket.strays).toEqual([]);
}

async function itemMessage(s: SocketHarness, itemKey: string) {
  const plan = await s.store.findPlanByRootTs(CHANNEL, root(s).ts);
  if (!plan) throw new Error('no plan for the root message');
  const last = (await s.store.listMessages(plan.id)).filter((m) => m.itemKey === itemKey).at(-1);
  const message = last && s.slack.message(CHANNEL, last.ts);
  if (!message) throw new Error(`no message for ${itemKey}`);
  return { plan, message: structuredClone(message) };
}

describe('Socket Mode end to end', () => {
  let s: SocketHarness | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  it('connects with the app-level token and serves /healthz and /readyz on its HTTP port', async () => {
    s = await startSocketHarness();
    const opens = s.slack.callsTo('apps.connections.open');
    expect(opens).toHaveLength(1);
    expect(opens[0]?.token).toBe(APP_TOKEN);
    expect(opens[0]?.response).toMatchObject({ ok: true });
    expect(s.socket.connections).toEqual([1]);
    expect(s.app.port).toBeUndefined();

    const health = await fetch(`http://127.0.0.1:${s.httpPort}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ ok: true });
    const ready = await fetch(`http://127.0.0.1:${s.httpPort}/readyz`);
    expect(ready.status).toBe(200);
    expect(s.slack.violations).toEqual([]);
  });

  it('runs command, form, streamed plan and a thread reply revision through envelopes', async () => {
    s = await startSocketHarness();

    const opened = await openModal(s, 'Ship payments v2');
    expect(opened.ack.payload).toEqual({});
    expect(opened.call.args.trigger_id).toBe(opened.triggerId);
    expect(JSON.stringify(opened.view)).toContain('Ship payments v2');

    const blank = await submitModal(s, opened, { change_scope: '   ', rollback_plan: '' });
    expect(blank.ack.payload).toMatchObject({ response_action: 'errors' });
    const errors = (blank.ack.payload as { errors: Record<string, string> }).errors;
    expect(Object.keys(errors).sort()).toEqual(['change_scope', 'rollback_plan']);
    await s.idle();
    expect(s.slack.rootMessages(CHANNEL)).toHaveLength(0);

    const submitted = await submitModal(s, opened);
    expect(submitted.ack.payload).toEqual({});
    await s.slack.waitFor((f) => f.rootMessages(CHANNEL).length === 1, 5000, 'the root message');
    await s.idle();
    const headers = sectionHeaders(s);
    expect(headers).toHaveLength(6);
    SECTION_KEYS.forEach((key, i) => {
      expect(headers[i]).toContain(SECTION_TITLES[key]);
    });
    expect(textOf(root(s))).toContain(ANSWERS.title as string);
    expect(textOf(root(s))).toMatch(/yellow|green|red/i);

    const before = new Map(thread(s).map((m) => [m.ts, m.edits]));
    s.models.script(revision({ gating: gatingWithLoadTest() }, 'Added the load test to the medium gate.'));
    const feedback = await reply(
      s,
      'Gate the medium rule on the load test too.',
      REVIEWER,
      '1800000000.000001',
    );
    expect(feedback.ack.payload).toEqual({});
    await s.slack.waitFor(
      (f) => f.thread(CHANNEL, root(s!).ts).some((m) => /Revision 1/.test(m.text)),
      10_000,
      'the Revision 1 summary',
    );
    await s.idle();
    const { plan, message: gating } = await itemMessage(s, 'gating');
    expect(plan.version).toBe(2);
    expect(textOf(gating)).toContain(LOAD_TEST);
    expect(gating.edits).toBe((before.get(gating.ts) ?? 0) + 1);
    expect(thread(s).filter((m) => !before.has(m.ts))).toHaveLength(1);

    expect(s.models.requests).toHaveLength(2);
    expect(s.slack.violations).toEqual([]);
    expectEachAckedOnce(s);
    expect(s.socket.envelopes.map((e) => [e.type, e.accepts_response_payload])).toEqual([
      ['slash_commands', true],
      ['interactive', true],
      ['interactive', true],
      ['events_api', false],
    ]);
  });

  it('answers /release-plan help in the ack payload and opens nothing', async () => {
    s = await startSocketHarness();
    const envelopeId = s.socket.command(
      commandPayload({ text: 'help', userId: REQUESTER, channelId: CHANNEL }),
    );
    const ack = await s.socket.waitForAck(envelopeId);
    expect(ack.payload).toMatchObject({ response_type: 'ephemeral' });
    expect(JSON.stringify(ack.payload)).toContain('/release-plan');
    expect(s.slack.callsTo('views.open')).toHaveLength(0);
    expectEachAckedOnce(s);
  });

  it('acks the Retry and Approve clicks of block_actions envelopes and acts on them', async () => {
    s = await startSocketHarness({ policy: POLICY });
    s.models.script({ kind: 'http_error', status: 500 });
    const opened = await openModal(s);
    await submitModal(s, opened);
    await s.slack.waitFor((f) => f.rootMessages(CHANNEL).length === 1, 5000, 'the root message');
    await s.idle();
    const failure = thread(s).at(-1);
    expect(failure && buttonsOf(failure).map((b) => b.actionId)).toEqual([ACTION.retryPlan]);

    const retry = await click(s, failure!, ACTION.retryPlan);
    expect(retry.ack.payload).toEqual({});
    await s.idle();
    expect(sectionHeaders(s)).toHaveLength(6);
    expect(textOf(root(s))).toMatch(/yellow|green|red/i);

    const { plan, message } = await itemMessage(s, 'gating');
    const approve = buttonsOf(message).find((b) => APPROVE_ACTION_PATTERN.test(b.actionId));
    if (!approve) throw new Error('no Approve button on the gating section');
    const approved = await click(s, message, approve.actionId, SRE);
    expect(approved.ack.payload).toEqual({});
    await s.idle();
    const decisions = await s.store.listDecisions(plan.id);
    expect(decisions.map((d) => [d.itemKey, d.userId, d.role, d.decision])).toEqual([
      ['gating', SRE, 'SRE lead', 'approve'],
    ]);
    expect(textOf(s.slack.message(CHANNEL, message.ts)!)).toContain(`<@${SRE}>`);
    expect(s.slack.violations).toEqual([]);
    expectEachAckedOnce(s);
  });

  it('reconnects when Slack asks it to, and serves envelopes on the new connection', async () => {
    s = await startSocketHarness();
    s.socket.requestReconnect();
    // The client waits its ping timeout (5 s) before opening a new connection.
    const next = await s.socket.waitForConnection(1, 10_000);
    expect(next).toBe(2);
    expect(s.socket.closed).toEqual([{ connection: 1, code: 1000, initiatedBy: 'app' }]);
    expect(s.slack.callsTo('apps.connections.open')).toHaveLength(2);

    const opened = await openModal(s);
    expect(s.socket.envelopes[0]?.connection).toBe(2);
    expect(opened.ack.connection).toBe(2);
    expectEachAckedOnce(s);
  }, 20_000);

  it('closes its connection itself when stopped, and does not reconnect', async () => {
    s = await startSocketHarness();
    const socket = s.socket;
    const opens = s.slack.callsTo('apps.connections.open').length;
    await s.close();
    s = undefined;
    expect(socket.closed).toEqual([{ connection: 1, code: 1000, initiatedBy: 'app' }]);
    expect(socket.connectionsOpened).toBe(1);
    expect(opens).toBe(1);
  });
});
