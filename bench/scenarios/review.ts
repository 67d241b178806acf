import { CALLBACK } from '../../src/slack/ids.ts';
import { ANSWERS, CHANNEL, REQUESTER } from '../../test/e2e/flow.ts';
import { fillModal } from '../../test/fakes/modal-fill.ts';
import { isReviewRequest } from '../../test/fakes/model-server.ts';
import { viewSubmissionPayload } from '../../test/fakes/slack-client.ts';
import { startOurApp, type Workdir } from '../lib/apps.ts';
import { driverFor, openRequestModal, planOutcome } from '../lib/driver.ts';
import { type Fakes, startFakes } from '../lib/fakes.ts';
import { ms, type Row } from '../lib/format.ts';
import { pollUntil } from '../lib/wait.ts';

/** Review may add its own model time plus this much to a plan. */
const REVIEW_OVERHEAD_LIMIT_MS = 100;
/** Sections 1–2 must not wait for the review: this much later than without it counts as noise. */
const EARLY_SECTIONS_NOISE_MS = 100;

interface RequestTimes {
  start: number;
  end: number;
}

interface RunTimes {
  submitted: number;
  sectionPosts: number[];
  finished: number;
  planModel: RequestTimes;
  review: RequestTimes | undefined;
}

/** Timestamps each model request's arrival and end by polling the fake (it records no times itself). */
function watchRequests(fakes: Fakes): { times: Map<number, Partial<RequestTimes>>; stop(): void } {
  const times = new Map<number, Partial<RequestTimes>>();
  const timer = setInterval(() => {
    fakes.models.requests.forEach((request, i) => {
      const seen = times.get(i) ?? {};
      seen.start ??= performance.now();
      if (request.done && seen.end === undefined) seen.end = performance.now();
      times.set(i, seen);
    });
  }, 1);
  return { times, stop: () => clearInterval(timer) };
}

async function onePlan(work: Workdir, tokensPerSecond: number, riskClass: 'high' | 'low'): Promise<RunTimes> {
  const fakes = await startFakes({ models: { tokensPerSecond } });
  const app = await startOurApp(fakes, work);
  const watch = watchRequests(fakes);
  try {
    const driver = driverFor(app, fakes);
    const opened = await openRequestModal(driver, CHANNEL);
    const payload = viewSubmissionPayload({
      userId: REQUESTER,
      viewId: opened.viewId,
      callbackId: CALLBACK.planRequest,
      privateMetadata: opened.view.private_metadata ?? '',
      values: fillModal(opened.view, { ...ANSWERS, risk_class: riskClass }),
    });
    const submitted = performance.now();
    await driver.client.viewSubmission(payload);
    const root = () => fakes.slack.rootMessages(CHANNEL).at(-1);
    await pollUntil(() => planOutcome(root() ?? { text: '' }) === 'ready', {
      what: 'the plan to finish',
      timeoutMs: 120_000,
      intervalMs: 1,
    });
    const finished = performance.now();
    // Slack's clock (epoch ms) to this process's performance clock.
    const offset = performance.now() - Date.now();
    const postTimes = fakes.slack
      .callsTo('chat.postMessage')
      .filter((c) => c.args.thread_ts && /\d\/6/.test(String(c.args.text)))
      .map((c) => c.at + offset);
    const reviewIndex = fakes.models.requests.findIndex((r) => isReviewRequest(r.body));
    return {
      submitted,
      sectionPosts: postTimes,
      finished,
      planModel: watch.times.get(0) as RequestTimes,
      review: reviewIndex < 0 ? undefined : (watch.times.get(reviewIndex) as RequestTimes),
    };
  } finally {
    watch.stop();
    await app.stop();
    await fakes.close();
  }
}

/**
 * Issue 12: a high-risk plan (reviewed by the other provider) against the same plan unreviewed, in
 * one run: what the review adds after the model's last byte, against the review call's own time,
 * and whether sections 1–2 were posted as early as without it.
 */
export async function measureReview(work: Workdir, tokensPerSecond: number): Promise<Row[]> {
  const plain = await onePlan(work, tokensPerSecond, 'low');
  const reviewed = await onePlan(work, tokensPerSecond, 'high');
  if (!reviewed.review) throw new Error('the high-risk plan sent no review request');
  const tail = (run: RunTimes) => run.finished - run.planModel.end;
  const added = tail(reviewed) - tail(plain);
  const reviewMs = reviewed.review.end - reviewed.review.start;
  // From the plan's model call, so the two runs' start-up and modal differences drop out.
  const early = (run: RunTimes, i: number) => (run.sectionPosts[i] ?? Number.NaN) - run.planModel.start;
  const delay = Math.max(early(reviewed, 0) - early(plain, 0), early(reviewed, 1) - early(plain, 1));
  return [
    {
      id: 'review.added_ms',
      measure: '8 review on: (plan finished − model last byte) minus the same without review',
      value: ms(added, 0),
      num: added,
      unit: 'ms',
      target: `≤ review call + ${REVIEW_OVERHEAD_LIMIT_MS} ms (${ms(reviewMs + REVIEW_OVERHEAD_LIMIT_MS, 0)})`,
      met: added <= reviewMs + REVIEW_OVERHEAD_LIMIT_MS,
      note: `review call ${ms(reviewMs, 0)}, started ${ms(reviewed.review.start - reviewed.submitted, 0)} after submission; finished − last byte ${ms(tail(reviewed), 0)} vs ${ms(tail(plain), 0)}`,
    },
    {
      id: 'review.early_sections_delay_ms',
      measure: '8 review on: sections 1–2 posted later (after the model call began) than without review by',
      value: ms(delay, 0),
      num: delay,
      unit: 'ms',
      target: `≤ ${EARLY_SECTIONS_NOISE_MS} ms (noise)`,
      met: delay <= EARLY_SECTIONS_NOISE_MS,
    },
  ];
}
