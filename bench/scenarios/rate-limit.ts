import { startOurApp, type Workdir } from '../lib/apps.ts';
import { tallyByMethod } from '../lib/calls.ts';
import {
  driverFor,
  type OpenedModal,
  openRequestModal,
  planOutcome,
  submitRequestModal,
} from '../lib/driver.ts';
import { startFakes } from '../lib/fakes.ts';
import { ms, percent, type Row } from '../lib/format.ts';
import { pollUntilCap } from '../lib/wait.ts';

export interface RateLimitSettings {
  plans: number;
  perChannelPerSec: number;
  burst: number;
  /** The benchmark stops waiting here and reports where the plans stand. */
  capMs: number;
  /** Called once every plan has been submitted: the burst of work is over. */
  onSubmitted?: () => void;
}

const CHANNEL = 'C0BUSY';

function countOutcomes(outcomes: string[], plans: number): string {
  const count = (o: string) => outcomes.filter((x) => x === o).length;
  return `ready ${count('ready')}, failed ${count('failed')}, drafting ${count('drafting')}, no root message ${plans - outcomes.length}`;
}

/**
 * Measurement 3, under the limit: `plans` plans requested at once in one channel, the fake Slack
 * enforcing chat.postMessage per channel like Slack's special tier, the fake model answering at once
 * (so only Slack's limit paces the work).
 */
export async function measureRateLimit(work: Workdir, settings: RateLimitSettings): Promise<Row[]> {
  const fakes = await startFakes({
    slack: { rateLimit: { postMessagePerChannelPerSec: settings.perChannelPerSec, burst: settings.burst } },
  });
  try {
    const app = await startOurApp(fakes, work);
    try {
      const driver = driverFor(app, fakes);
      const opened: OpenedModal[] = [];
      for (let i = 0; i < settings.plans; i++) opened.push(await openRequestModal(driver, CHANNEL));
      const firstCall = fakes.slack.calls.length;
      const started = Date.now();
      await Promise.all(opened.map((o) => submitRequestModal(driver, o)));
      settings.onSubmitted?.();
      const roots = () => fakes.slack.rootMessages(CHANNEL);
      const end = await pollUntilCap(
        () => roots().length >= settings.plans && roots().every((r) => planOutcome(r) !== 'drafting'),
        settings.capMs,
      );
      const outcomes = roots().map(planOutcome);
      const ready = outcomes.filter((o) => o === 'ready').length;
      const posts = tallyByMethod(fakes.slack.calls.slice(firstCall)).find(
        (t) => t.method === 'chat.postMessage',
      );
      const attempts = posts?.calls ?? 0;
      const accepted = attempts - fakes.slack.rateLimited;
      const elapsed = end.at - started;
      const allowed = Math.floor(settings.burst + (settings.perChannelPerSec * elapsed) / 1000);
      const label = `3 ${settings.plans} plans at once in one channel`;
      return [
        {
          measure: `${label}: 429s from chat.postMessage`,
          value: String(fakes.slack.rateLimited),
          target: '0',
          met: fakes.slack.rateLimited === 0,
          note: `${attempts} postMessage attempts, ${accepted} accepted; limit ${settings.perChannelPerSec}/s/channel, burst ${settings.burst}`,
        },
        {
          measure: `${label}: plans ready`,
          value: `${ready} / ${settings.plans}`,
          target: `${settings.plans} / ${settings.plans}`,
          met: ready === settings.plans,
          note: end.held
            ? countOutcomes(outcomes, settings.plans)
            : `at the ${ms(settings.capMs, 0)} cap: ${countOutcomes(outcomes, settings.plans)}`,
        },
        {
          measure: `${label}: total time`,
          value: end.held ? ms(elapsed, 0) : `> ${ms(elapsed, 0)} (cap)`,
          note: `the limit allowed ${allowed} posts in that time; ${accepted} were made (${percent(accepted / allowed, 0)})`,
        },
      ];
    } finally {
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
}
