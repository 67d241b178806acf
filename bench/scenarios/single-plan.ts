import { CHANNEL } from '../../test/e2e/flow.ts';
import type { FakeModels } from '../../test/fakes/model-server.ts';
import { samplePlan } from '../../test/fakes/plan-fixture.ts';
import { startOurApp, type Workdir } from '../lib/apps.ts';
import { firstValueShare, type PlanTimeline, planTimeline, tallyByMethod, totalOf } from '../lib/calls.ts';
import { driverFor, openRequestModal, planOutcome, submitRequestModal } from '../lib/driver.ts';
import { startFakes } from '../lib/fakes.ts';
import { callsAndBytes, fixed, kilobytes, ms, percent, type Row } from '../lib/format.ts';
import { ratio } from '../lib/stats.ts';
import { pollUntil, waitForQuiet } from '../lib/wait.ts';
import { measureApprovalClick } from './approval.ts';
import { measureRevision } from './revision.ts';

const FIRST_SECTION_RATIO_LIMIT = 0.25;
const LAST_SECTION_LAG_LIMIT_MS = 100;

interface ModelTimes {
  firstByte: number;
  /** The last delta of plan text; the stream's closing events follow one pacing interval later. */
  lastText: number;
  lastByte: number;
}

/** Watches the first model answer; start it before submitting so no moment is missed. */
function watchModel(models: FakeModels, textChars: number): Promise<ModelTimes> {
  const first = () => models.requests[0];
  const watch = Promise.all([
    pollUntil(() => (first()?.charsSent ?? 0) > 0, { what: 'the model first byte', timeoutMs: 30_000 }),
    pollUntil(() => (first()?.charsSent ?? 0) >= textChars, {
      what: 'the last plan text',
      timeoutMs: 120_000,
    }),
    pollUntil(() => first()?.done === true, { what: 'the model last byte', timeoutMs: 120_000 }),
  ]).then(([firstByte, lastText, lastByte]) => ({ firstByte, lastText, lastByte }));
  watch.catch(() => undefined);
  return watch;
}

function timelineRows(submittedAt: number, model: ModelTimes, plan: PlanTimeline, share: number): Row[] {
  const since = (t: number) => t - submittedAt;
  const firstRatio = ratio(since(plan.firstThreadPost), since(model.lastByte));
  const lag = plan.lastThreadPost - model.lastByte;
  return [
    { measure: '2 submission → root message posted', value: ms(since(plan.rootPosted), 0) },
    { measure: '2 submission → model first byte', value: ms(since(model.firstByte), 0) },
    { measure: '2 submission → first section posted', value: ms(since(plan.firstThreadPost), 0) },
    { measure: '2 submission → last section posted', value: ms(since(plan.lastThreadPost), 0) },
    { measure: '2 submission → model last byte', value: ms(since(model.lastByte), 0) },
    {
      id: 'ttfs.ratio',
      measure: '2 first_section / model_last_byte',
      num: firstRatio,
      unit: 'ratio',
      value: fixed(firstRatio, 3),
      target: `≤ ${FIRST_SECTION_RATIO_LIMIT}`,
      met: firstRatio <= FIRST_SECTION_RATIO_LIMIT,
      note: `floor: the first section is ${percent(share)} of the plan JSON`,
    },
    {
      measure: '2 last_section_posted − model_last_byte',
      value: ms(lag, 0),
      target: `≤ ${LAST_SECTION_LAG_LIMIT_MS} ms`,
      met: lag <= LAST_SECTION_LAG_LIMIT_MS,
      note: `after the last delta of plan text: ${ms(plan.lastThreadPost - model.lastText, 0)}; the stream's closing events came ${ms(model.lastByte - model.lastText, 0)} after it`,
    },
    {
      measure: '2 plan finished (last update) − model_last_byte',
      value: ms(plan.lastUpdate - model.lastByte, 0),
    },
  ];
}

function callRows(calls: Parameters<typeof tallyByMethod>[0]): Row[] {
  const tallies = tallyByMethod(calls);
  const total = totalOf(tallies);
  return [
    {
      measure: '3 Slack calls per plan (command → finished)',
      value: callsAndBytes(total.calls, total.bytes),
    },
    ...tallies.map((t) => ({
      measure: `3   ${t.method}`,
      value: callsAndBytes(t.calls, t.bytes),
      note: `${kilobytes(t.bytes / t.calls)} per call`,
    })),
  ];
}

/**
 * Measurements 2, 3 (per plan, per approval) and 6: one plan on an otherwise idle app, the fake
 * model streaming samplePlan() at `tokensPerSecond`.
 */
export async function measureSinglePlan(work: Workdir, tokensPerSecond: number): Promise<Row[]> {
  const fakes = await startFakes({ models: { tokensPerSecond } });
  try {
    const app = await startOurApp(fakes, work);
    try {
      const driver = driverFor(app, fakes);
      const firstCall = fakes.slack.calls.length;
      const opened = await openRequestModal(driver, CHANNEL);
      const model = watchModel(fakes.models, JSON.stringify(samplePlan()).length);
      const submittedAt = Date.now();
      await submitRequestModal(driver, opened);
      const times = await model;
      const root = () => fakes.slack.rootMessages(CHANNEL).at(-1);
      await pollUntil(() => planOutcome(root() ?? { text: '' }) !== 'drafting', {
        what: 'the plan to finish',
        timeoutMs: 30_000,
        intervalMs: 5,
        detail: () => fakes.slack.summary(),
      });
      await waitForQuiet(() => fakes.slack.calls.length, 300, 10_000);
      const rootTs = root()?.ts ?? '';
      const planCalls = fakes.slack.calls.slice(firstCall);
      const rows = [
        ...timelineRows(submittedAt, times, planTimeline(planCalls, CHANNEL), firstValueShare(samplePlan())),
        ...callRows(planCalls),
        ...(await measureApprovalClick(driver, CHANNEL, rootTs)),
        ...(await measureRevision(driver, fakes.models, CHANNEL, rootTs)),
      ];
      return rows;
    } finally {
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
}
