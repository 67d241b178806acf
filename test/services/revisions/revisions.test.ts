import { beforeEach, describe, expect, it } from 'vitest';
import type { PlanRecord } from '../../../src/plan/record.ts';
import { type Plan, SECTION_KEYS } from '../../../src/plan/schema.ts';
import { createApprovals } from '../../../src/services/approvals/index.ts';
import { loadApprovals } from '../../../src/services/approvals/load.ts';
import { createRevisions, type ThreadReplyInput } from '../../../src/services/revisions/index.ts';
import { REVISION_ACTION } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import type { ScriptedStep } from '../../fakes/scripted-model.ts';
import { CHANNEL, draftPlan, type ServiceWorld, serviceWorld } from '../../fakes/service-deps.ts';

const REVIEWER = 'U0REVIEWER';
const SRE = 'U0SRE1';

function revision(changes: Partial<Plan>, summary = 'Revised as asked.'): ScriptedStep {
  const nulls = Object.fromEntries(SECTION_KEYS.map((key) => [key, null]));
  return { kind: 'answer', value: { ...nulls, ...changes, summary } };
}

function gatingWithLoadTest(): Plan['gating'] {
  const gating = structuredClone(samplePlan().gating);
  gating.rules[1]?.criteria.push('Load test at peak volume passed');
  return gating;
}

let replies = 0;
function replyTo(plan: PlanRecord, text: string, userId = REVIEWER): ThreadReplyInput {
  replies += 1;
  const ts = `1800000000.${String(replies).padStart(6, '0')}`;
  return { eventId: `Ev${replies}`, channelId: CHANNEL, threadTs: plan.rootTs ?? '', ts, userId, text };
}

describe('revisions, over ServiceDeps', () => {
  let w: ServiceWorld;
  beforeEach(() => {
    w = serviceWorld();
  });

  it('revises the changed section in place, resets its approvals and answers the feedback', async () => {
    const plan = await draftPlan(w);
    const gating = (await loadApprovals(w.deps, plan)).items.find((i) => i.item.key === 'gating');
    await createApprovals(w.deps).approve({
      planId: plan.id,
      itemKey: 'gating',
      version: gating?.current.version ?? 0,
      hash: gating?.current.contentHash ?? '',
      userId: SRE,
      channelId: CHANNEL,
    });
    const gatingTs = (await w.store.listMessages(plan.id)).find((m) => m.itemKey === 'gating')?.ts ?? '';
    const edits = w.slack.messages.get(gatingTs)?.edits ?? 0;
    w.openai.script(revision({ gating: gatingWithLoadTest() }, 'Added the load test.'));

    const reply = replyTo(plan, 'Gate the medium rule on the load test.');
    await createRevisions(w.deps).receiveReply(reply);

    expect((await w.store.getPlan(plan.id))?.version).toBe(2);
    expect(w.slack.messages.get(gatingTs)?.edits).toBe(edits + 1);
    expect(JSON.stringify(w.slack.messages.get(gatingTs)?.blocks)).toContain('Load test at peak volume');
    const summary = w.slack.thread(CHANNEL, plan.rootTs ?? '').at(-1);
    expect(summary?.text).toMatch(/Revision 1/);
    expect(JSON.stringify(summary?.blocks)).toContain(`<@${SRE}>`);
    const after = (await loadApprovals(w.deps, { ...plan, version: 2 })).items.find(
      (i) => i.item.key === 'gating',
    );
    expect(after?.state.approvedBy).toEqual([]);
    expect(await w.store.listUnansweredFeedback()).toEqual([]);
    const kinds = (await w.store.listAudit({ planId: plan.id })).map((e) => e.kind);
    expect(kinds.slice(-4)).toEqual(['revision.feedback', 'model.call', 'plan.version', 'approval.reset']);
  });

  it('says so when the model changes nothing, and stores nothing for a next version', async () => {
    const plan = await draftPlan(w);
    w.openai.script(revision({ gating: samplePlan().gating }, 'The gate already covers this.'));
    const reply = replyTo(plan, 'Does the gate cover canary?');
    await createRevisions(w.deps).receiveReply(reply);

    expect((await w.store.getPlan(plan.id))?.version).toBe(1);
    expect(await w.store.listSections(plan.id, 2)).toEqual([]);
    expect(w.slack.thread(CHANNEL, plan.rootTs ?? '').at(-1)?.text).not.toMatch(/no change/i);
    expect(w.slack.callsTo('chat.postEphemeral').at(-1)).toMatchObject({ user: reply.userId });
    expect(JSON.stringify(w.slack.callsTo('chat.postEphemeral').at(-1))).toMatch(/No changes/);
    expect(w.slack.callsTo('reactions.add')).toEqual([
      expect.objectContaining({ channel: CHANNEL, timestamp: reply.ts, name: 'eyes' }),
    ]);
    expect(await w.store.listUnansweredFeedback()).toEqual([]);
  });

  it('keeps the version when the model fails, offers Retry, and Retry applies the same feedback', async () => {
    const plan = await draftPlan(w);
    w.openai.script({ kind: 'fail', code: 'api_error' });
    const reply = replyTo(plan, 'Gate the medium rule on the load test.');
    await createRevisions(w.deps).receiveReply(reply);

    const failure = w.slack.thread(CHANNEL, plan.rootTs ?? '').at(-1);
    expect(JSON.stringify(failure?.blocks)).toContain(REVISION_ACTION.retryRevision);
    expect((await w.store.getPlan(plan.id))?.version).toBe(1);

    w.openai.script(revision({ gating: gatingWithLoadTest() }));
    const retry = {
      planId: plan.id,
      feedbackId: reply.ts,
      userId: REVIEWER,
      channelId: CHANNEL,
      failureTs: failure?.ts ?? '',
    };
    await createRevisions(w.deps).retry(retry);
    expect((await w.store.getPlan(plan.id))?.version).toBe(2);
    expect(w.openai.requests.at(-1)?.prompt).toContain('Gate the medium rule on the load test.');
  });

  it('applies after a restart the feedback that arrived but was never answered', async () => {
    const plan = await draftPlan(w);
    await w.store.recordFeedback({
      id: '1799999999.000001',
      planId: plan.id,
      userId: REVIEWER,
      source: 'thread_reply',
      text: 'Cut short by a restart: name the rollback owner.',
      originalChars: 48,
      redactions: 0,
    });
    // A new process: new services over the same store.
    const restarted = serviceWorld({ store: w.store, clock: w.clock });
    restarted.openai.script(
      revision({ exit: { ...samplePlan().exit, rollback: ['Rollback owner: SRE lead'] } }),
    );
    expect(await createRevisions(restarted.deps).resumePending()).toBe(1);
    expect((await w.store.getPlan(plan.id))?.version).toBe(2);
    expect(await createRevisions(restarted.deps).resumePending()).toBe(0);
  });

  it('does not apply after a restart a reply its author was told was not applied', async () => {
    const stalled: ScriptedStep = {
      kind: 'fail',
      code: 'stalled',
      streamed: { scorecard: samplePlan().scorecard },
    };
    const plan = await draftPlan(w, [stalled]);
    // The plan is drafting again (Retry pressed) when the reply arrives.
    await w.store.setStatus(plan.id, 'drafting', null);
    await createRevisions(w.deps).receiveReply(replyTo(plan, 'Name the rollback owner.'));
    expect(
      w.slack
        .callsTo('chat.postEphemeral')
        .map((c) => String(c.text))
        .join('\n'),
    ).toMatch(/was not applied/);

    await w.store.setStatus(plan.id, 'ready', null);
    const restarted = serviceWorld({ store: w.store, clock: w.clock });
    expect(await createRevisions(restarted.deps).resumePending()).toBe(0);
    expect(restarted.openai.requests).toHaveLength(0);
  });

  it('tells the author when a secret was redacted from the reply, and never stores it', async () => {
    const plan = await draftPlan(w);
    w.openai.script(revision({}, 'Nothing to change.'));
    const secret = 'xoxb-123456789012-1234567890123-abcdefghijklmnopqrstuvwx';
    const reply = replyTo(plan, `Use the token ${secret} for the check.`);
    await createRevisions(w.deps).receiveReply(reply);

    expect(
      w.slack
        .callsTo('chat.postEphemeral')
        .map((c) => String(c.text))
        .join('\n'),
    ).toMatch(/redacted/);
    expect((await w.store.getFeedback(plan.id, reply.ts))?.text).not.toContain(secret);
    expect(w.openai.requests.at(-1)?.prompt).not.toContain(secret);
  });
});
