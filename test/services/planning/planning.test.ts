import { beforeEach, describe, expect, it } from 'vitest';
import { SECTION_KEYS } from '../../../src/plan/schema.ts';
import { submitRequest } from '../../../src/services/planning/request-form.ts';
import { resumeOrphanedPlans } from '../../../src/services/planning/resume.ts';
import { retryPlan } from '../../../src/services/planning/retry.ts';
import { startPlan } from '../../../src/services/planning/start.ts';
import { renderItem } from '../../../src/services/thread/section-messages.ts';
import { ACTION } from '../../../src/slack/ids.ts';
import { samplePlan, sampleRequest } from '../../fakes/plan-fixture.ts';
import {
  CHANNEL,
  REQUESTER,
  type ServiceWorld,
  serviceWorld,
  submissionFor,
} from '../../fakes/service-deps.ts';
import { sampleSum, sampleValue, scrape } from '../../support/prometheus.ts';

async function onlyPlan(w: ServiceWorld) {
  const rootTs = w.slack.roots(CHANNEL)[0]?.ts;
  const plan = rootTs ? await w.store.findPlanByRootTs(CHANNEL, rootTs) : undefined;
  if (!plan) throw new Error('no plan was posted');
  return plan;
}

function sectionHeadings(w: ServiceWorld, rootTs: string): string[] {
  return w.slack
    .thread(CHANNEL, rootTs)
    .map((m) => /(\d)\/6 · /.exec(m.text)?.[1])
    .filter((n): n is string => n !== undefined);
}

async function auditKinds(w: ServiceWorld, planId: string): Promise<string[]> {
  return (await w.store.listAudit({ planId })).map((e) => e.kind);
}

describe('planning, over ServiceDeps', () => {
  let w: ServiceWorld;
  beforeEach(() => {
    w = serviceWorld();
  });

  it('posts the root, then each section as the model completes it, and marks the plan ready', async () => {
    w.openai.script({ kind: 'answer', value: samplePlan() });
    await startPlan(w.deps, submissionFor());

    const plan = await onlyPlan(w);
    expect(plan).toMatchObject({ status: 'ready', version: 1 });
    expect(sectionHeadings(w, plan.rootTs ?? '')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect((await w.store.listSections(plan.id, 1)).map((s) => s.key)).toEqual([...SECTION_KEYS]);
    const root = w.slack.roots(CHANNEL)[0];
    expect(root?.text).toMatch(/ready/);
    expect(root?.edits).toBeGreaterThanOrEqual(SECTION_KEYS.length);
    expect(await auditKinds(w, plan.id)).toEqual(['plan.requested', 'model.call', 'plan.version']);
    for (const call of w.slack.callsTo('chat.postMessage')) {
      expect(call).toMatchObject({ unfurl_links: false, unfurl_media: false });
    }
  });

  it('stamps the model call with the injected clock', async () => {
    w.openai.script({ kind: 'answer', value: samplePlan() });
    await startPlan(w.deps, submissionFor());
    const [call] = await w.store.listModelCalls((await onlyPlan(w)).id);
    expect(call).toMatchObject({ purpose: 'plan', outcome: 'ok', createdAt: w.clock.now().toISOString() });
  });

  it('starts one plan per submission, however often it is delivered', async () => {
    w.openai.script({ kind: 'answer', value: samplePlan() });
    await startPlan(w.deps, submissionFor('V-dup'));
    await startPlan(w.deps, submissionFor('V-dup'));
    expect(w.slack.roots(CHANNEL)).toHaveLength(1);
    expect(w.openai.requests).toHaveLength(1);
  });

  it('asks once more for output that does not fit the schema, keeping what was posted', async () => {
    const plan = samplePlan();
    w.openai.script(
      { kind: 'answer', value: { ...plan, exit: { nonsense: true } } },
      { kind: 'answer', value: plan },
    );
    await startPlan(w.deps, submissionFor());

    const stored = await onlyPlan(w);
    expect(stored.status).toBe('ready');
    expect(sectionHeadings(w, stored.rootTs ?? '')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect((await w.store.listModelCalls(stored.id)).map((c) => [c.purpose, c.outcome])).toEqual([
      ['plan', 'invalid_output'],
      ['repair', 'ok'],
    ]);
    expect(w.openai.requests[1]?.prompt).toMatch(/could not be used/);
  });

  it('says in the thread why drafting stopped, offers Retry, and Retry drafts only what is missing', async () => {
    const plan = samplePlan();
    w.openai.script({
      kind: 'fail',
      code: 'stalled',
      streamed: { scorecard: plan.scorecard, toolchain: plan.toolchain },
    });
    await startPlan(w.deps, submissionFor());

    const failed = await onlyPlan(w);
    expect(failed).toMatchObject({ status: 'failed', failure: { code: 'stalled' } });
    const failure = w.slack.thread(CHANNEL, failed.rootTs ?? '').at(-1);
    expect(failure?.text).toMatch(/could not be finished/);
    expect(JSON.stringify(failure?.blocks)).toContain(ACTION.retryPlan);
    expect(w.slack.roots(CHANNEL)[0]?.blocks).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          text: expect.objectContaining({ text: expect.stringMatching(/Drafting stopped \(stalled\)/) }),
        }),
      ]),
    );

    w.openai.script({ kind: 'answer', value: plan });
    const retry = { planId: failed.id, userId: REQUESTER, channelId: CHANNEL, failureTs: failure?.ts ?? '' };
    await retryPlan(w.deps, retry);
    await retryPlan(w.deps, retry);

    expect((await w.store.getPlan(failed.id))?.status).toBe('ready');
    expect(w.openai.requests).toHaveLength(2);
    expect(w.openai.requests[1]?.prompt).toMatch(/scorecard/);
    expect(sectionHeadings(w, failed.rootTs ?? '')).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(w.slack.messages.get(failure?.ts ?? '')?.text).toMatch(/Retrying/);

    const samples = await scrape(w.deps.metrics);
    expect(sampleValue(samples, 'release_planner_plans_started_total')).toBe(2);
    expect(sampleValue(samples, 'release_planner_plans_failed_total', { code: 'stalled' })).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_finished_total')).toBe(1);
    expect(sampleValue(samples, 'release_planner_plans_in_flight')).toBe(0);
    expect(sampleValue(samples, 'release_planner_time_to_first_section_seconds_count')).toBe(2);
    expect(sampleValue(samples, 'release_planner_time_to_last_section_seconds_count')).toBe(1);
    const errors = { provider: 'openai', model: 'gpt-test', code: 'stalled' };
    expect(sampleValue(samples, 'release_planner_model_errors_total', errors)).toBe(1);
    expect(
      sampleSum(samples, 'release_planner_model_calls_total', { provider: 'openai', purpose: 'plan' }),
    ).toBe(2);
  });

  it('regenerates a section made of commands once, keeps what the guard removed, and shows it again later', async () => {
    const plan = samplePlan();
    const unsafe = {
      ...plan,
      gating: {
        ...plan.gating,
        rules: plan.gating.rules.map((r) => ({
          ...r,
          criteria: ['kubectl delete ns payments', 'terraform apply -auto-approve'],
        })),
        exceptions: plan.gating.exceptions.map((e) => ({ ...e, handling: 'sudo rm -rf /var/lib/payments' })),
      },
    };
    w.openai.script({ kind: 'answer', value: unsafe }, { kind: 'answer', value: { gating: plan.gating } });
    await startPlan(w.deps, submissionFor());

    const stored = await onlyPlan(w);
    const gating = (await w.store.listSections(stored.id, 1)).find((s) => s.key === 'gating');
    const notes = await w.store.getGuardNotes(stored.id, 'gating', gating?.hash ?? '');
    expect(notes[0]).toMatch(/Regenerated once/);
    const rebuilt = await renderItem(w.deps, stored, 'gating');
    expect(JSON.stringify(rebuilt)).toMatch(/Regenerated once/);
    expect(await auditKinds(w, stored.id)).toContain('section.guarded');
  });

  it('tells the requester privately what to do when the root cannot be posted', async () => {
    w.slack.failNext('chat.postMessage', 'not_in_channel');
    await submitRequest(w.deps, {
      viewId: 'V-nochannel',
      teamId: 'T1',
      userId: REQUESTER,
      metadata: { channelId: CHANNEL, responseUrl: null },
      request: sampleRequest(),
    });

    const [notice] = w.slack.callsTo('chat.postEphemeral');
    expect(notice).toMatchObject({ user: REQUESTER, channel: CHANNEL });
    expect(String(notice?.text)).toMatch(/\/invite @Release Planner/);
    expect(w.openai.requests).toHaveLength(0);
  });

  it('resumes a plan whose process died mid-stream, posting only the sections it lacks', async () => {
    const plan = samplePlan();
    const { scorecard, toolchain, gating } = plan;
    w.openai.script({ kind: 'fail', code: 'stalled', streamed: { scorecard, toolchain, gating } });
    await startPlan(w.deps, submissionFor());
    const cut = await onlyPlan(w);
    // As if the process had died before it could record the failure: drafting, and no lease.
    await w.store.setStatus(cut.id, 'drafting', null);
    const posts = () => w.slack.callsTo('chat.postMessage').length;
    const before = posts();
    w.clock.advance(w.deps.leaseMs + 1);
    w.openai.script({ kind: 'answer', value: plan });

    expect(await resumeOrphanedPlans(w.deps)).toBe(1);
    await w.deps.jobs.idle();

    expect((await w.store.getPlan(cut.id))?.status).toBe('ready');
    expect(w.openai.requests[1]?.prompt).toMatch(/already published and final/);
    const kept = new Set(['scorecard', 'toolchain', 'gating']);
    const added = (await w.store.listMessages(cut.id)).filter((m) => !kept.has(m.itemKey));
    expect(posts() - before).toBe(added.length);
    expect(sectionHeadings(w, cut.rootTs ?? '')).toEqual(['1', '2', '3', '4', '5', '6']);
  });

  describe('a run that died between storing, posting and recording a section', () => {
    /** A plan cut after three sections, then put back as a dead process would have left it. */
    async function cutAfterThreeSections() {
      const plan = samplePlan();
      const { scorecard, toolchain, gating } = plan;
      w.openai.script({ kind: 'fail', code: 'stalled', streamed: { scorecard, toolchain, gating } });
      await startPlan(w.deps, submissionFor());
      const cut = await onlyPlan(w);
      await w.store.setStatus(cut.id, 'drafting', null);
      w.clock.advance(w.deps.leaseMs + 1);
      w.openai.script({ kind: 'answer', value: plan });
      return cut;
    }

    async function forgetMessagesOf(planId: string, itemKey: string) {
      await w.store.deleteMessagesFrom(planId, itemKey, 0);
    }

    it('posts a stored section that never reached Slack (died after storing, before posting)', async () => {
      const cut = await cutAfterThreeSections();
      const gatingTs = (await w.store.listMessages(cut.id)).find((m) => m.itemKey === 'gating')?.ts;
      await w.slack.chat.delete({ channel: CHANNEL, ts: gatingTs ?? '' });
      await forgetMessagesOf(cut.id, 'gating');

      await resumeOrphanedPlans(w.deps);
      await w.deps.jobs.idle();

      expect(sectionHeadings(w, cut.rootTs ?? '').sort()).toEqual(['1', '2', '3', '4', '5', '6']);
      expect((await w.store.listMessages(cut.id)).filter((m) => m.itemKey === 'gating')).toHaveLength(1);
    });

    it('adopts a part that reached Slack but whose ts was never recorded, instead of posting it twice', async () => {
      const cut = await cutAfterThreeSections();
      const gatingTs = (await w.store.listMessages(cut.id)).find((m) => m.itemKey === 'gating')?.ts;
      await forgetMessagesOf(cut.id, 'gating');
      const posts = () => w.slack.callsTo('chat.postMessage').map((c) => String(c.text));

      await resumeOrphanedPlans(w.deps);
      await w.deps.jobs.idle();

      expect(sectionHeadings(w, cut.rootTs ?? '')).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(posts().filter((text) => /3\/6 · /.test(text))).toHaveLength(1);
      expect((await w.store.listMessages(cut.id)).find((m) => m.itemKey === 'gating')?.ts).toBe(gatingTs);
      expect(w.slack.callsTo('conversations.replies')).toHaveLength(1);
    });
  });
});
