import { setTimeout as sleep } from 'node:timers/promises';
import { slackBudgetOf } from '../../src/slack/limits.ts';
import { buttonsOf, REQUESTER } from '../../test/e2e/flow.ts';
import type { FakeMessage, RecordedCall } from '../../test/fakes/slack-api.ts';
import { appHomeOpenedEvent, blockActionsPayload } from '../../test/fakes/slack-client.ts';
import { APPROVER, startOurApp, type Workdir } from '../lib/apps.ts';
import { tallyByMethod } from '../lib/calls.ts';
import { type Driver, driverFor, openRequestModal, planOutcome, submitRequestModal } from '../lib/driver.ts';
import { startFakes } from '../lib/fakes.ts';
import { ms, type Row } from '../lib/format.ts';
import { percentile } from '../lib/stats.ts';
import { pollUntilCap } from '../lib/wait.ts';

export interface BusyAfternoonSettings {
  plans: number;
  channels: number;
  /** Plans are requested evenly over this window (issue 14: 20 within a minute). */
  plansOverMs: number;
  clicks: number;
  /** Clicks arrive evenly over this window (issue 14: 60 over two minutes), from the first ready plan. */
  clicksOverMs: number;
  tokensPerSecond: number;
  postPerChannelPerSec: number;
  postBurst: number;
  capMs: number;
}

const CLICK_UPDATE_LIMIT_MS = 2_000;
const VIEWS_OPEN_LIMIT_MS = 1_000;
/** Roles the bench approver holds (bench/lib/apps.ts): its clicks on these are accepted. */
const APPROVER_ROLES = new Set(['SME', 'SRE lead']);

interface Click {
  channel: string;
  ts: string;
  sentAt: number;
}

function channelOf(i: number): string {
  return `C0AFT${String(i).padStart(2, '0')}`;
}

/** The acceptable Approve button of a message not clicked yet, as the approver sees it. */
function approveOn(message: Readonly<FakeMessage>) {
  return buttonsOf(message).find((b) => {
    if (!/approve/i.test(b.actionId)) return false;
    try {
      return APPROVER_ROLES.has((JSON.parse(b.value) as { role?: string }).role ?? '');
    } catch {
      return false;
    }
  });
}

/**
 * The next item to click: round-robin over the plans, one click per item message. Items can be
 * approved as soon as they are posted, so this does not wait for a whole plan (the root's "ready"
 * is a progress update, the last thing Slack's budget serves).
 */
function nextTarget(driver: Driver, channels: string[], clicked: Set<string>, turn: number) {
  const roots = channels.flatMap((c) => driver.slack.rootMessages(c));
  for (let i = 0; i < roots.length; i++) {
    const root = roots[(turn + i) % roots.length];
    if (!root) continue;
    for (const message of driver.slack.thread(root.channel, root.ts)) {
      const button = approveOn(message);
      if (button && !clicked.has(message.ts)) return { root, message, button };
    }
  }
  return undefined;
}

async function sendClick(driver: Driver, target: NonNullable<ReturnType<typeof nextTarget>>): Promise<Click> {
  const { root, message, button } = target;
  const sentAt = Date.now();
  await driver.client.blockActions(
    blockActionsPayload({
      userId: APPROVER,
      channelId: root.channel,
      messageTs: message.ts,
      threadTs: root.ts,
      actionId: button.actionId,
      blockId: button.blockId,
      value: button.value,
      message: { text: message.text, blocks: message.blocks },
    }),
  );
  return { channel: root.channel, ts: message.ts, sentAt };
}

/** `clicks` clicks, one every clicksOverMs / clicks, from the first item posted; a click with no item to click waits. */
async function clickAlong(driver: Driver, channels: string[], settings: BusyAfternoonSettings) {
  const clicks: Click[] = [];
  const clicked = new Set<string>();
  const every = settings.clicksOverMs / settings.clicks;
  let late = 0;
  const first = await pollUntilCap(
    () => nextTarget(driver, channels, clicked, 0) !== undefined,
    settings.capMs,
  );
  for (let i = 0; i < settings.clicks && first.held; i++) {
    const due = first.at + i * every;
    await sleep(Math.max(0, due - Date.now()));
    let target = nextTarget(driver, channels, clicked, i);
    for (; !target && Date.now() - due < settings.capMs; target = nextTarget(driver, channels, clicked, i)) {
      await sleep(100);
    }
    if (!target) break;
    if (Date.now() - due > 100) late += 1;
    clicked.add(target.message.ts);
    clicks.push(await sendClick(driver, target));
  }
  return { clicks, late, from: first.at };
}

/** When the fake accepted the first update of the clicked message after the click. */
function updatedAt(calls: readonly RecordedCall[], click: Click): number | undefined {
  return calls.find(
    (c) =>
      c.method === 'chat.update' &&
      c.at >= click.sentAt &&
      c.args.channel === click.channel &&
      c.args.ts === click.ts &&
      c.response?.ok === true,
  )?.at;
}

/**
 * People who keep their App Home open through the afternoon: the approver (plans waiting for them)
 * and the requester (their own plans). Each tab is rebuilt after every change that may concern
 * them, with a link to each plan's thread: views.publish and chat.getPermalink spend their
 * budgets too.
 */
const HOME_WATCHERS = [APPROVER, REQUESTER];

async function openHomes(driver: Driver): Promise<void> {
  for (const user of HOME_WATCHERS) {
    const res = await driver.client.event(appHomeOpenedEvent({ user }));
    if (res.status !== 200) throw new Error(`app_home_opened: HTTP ${res.status}`);
  }
}

/** Starts `plans` plans evenly over plansOverMs; each command's time to views.open. */
async function requestPlans(driver: Driver, channels: string[], settings: BusyAfternoonSettings) {
  const started = Date.now();
  const viewsOpenMs: number[] = [];
  for (let i = 0; i < settings.plans; i++) {
    await sleep(Math.max(0, started + (i * settings.plansOverMs) / settings.plans - Date.now()));
    const sent = Date.now();
    const opened = await openRequestModal(driver, channels[i % channels.length] ?? channelOf(0));
    viewsOpenMs.push((driver.slack.callsTo('views.open').at(-1)?.at ?? Number.NaN) - sent);
    await submitRequestModal(driver, opened);
  }
  return viewsOpenMs;
}

/** The least time Slack's limits allow for this work: posts per channel, updates per workspace, the clicks' own pace. */
function boundMs(
  calls: readonly RecordedCall[],
  started: number,
  clicks: Click[],
  settings: BusyAfternoonSettings,
) {
  const perChannel = new Map<string, RecordedCall[]>();
  for (const c of calls) {
    if (c.method !== 'chat.postMessage' || c.response?.ok !== true) continue;
    const channel = String(c.args.channel);
    perChannel.set(channel, [...(perChannel.get(channel) ?? []), c]);
  }
  const posts = [...perChannel.values()].map(
    (list) =>
      (list[0]?.at ?? started) -
      started +
      (Math.max(0, list.length - settings.postBurst) / settings.postPerChannelPerSec) * 1000,
  );
  const update = slackBudgetOf('chat.update') ?? { perMinute: Number.POSITIVE_INFINITY, burst: 0 };
  // Each click needs its item updated, each plan its root updated at least once.
  const updates = ((clicks.length + settings.plans - update.burst) / update.perMinute) * 60_000;
  const lastClick = Math.max(started, ...clicks.map((c) => c.sentAt)) - started;
  return {
    total: Math.max(...posts, updates, lastClick),
    parts: `posts per channel ${ms(Math.max(...posts), 0)}, chat.update ${ms(updates, 0)}, last click ${ms(lastClick, 0)}`,
  };
}

export async function measureBusyAfternoon(work: Workdir, settings: BusyAfternoonSettings): Promise<Row[]> {
  const fakes = await startFakes({
    slack: {
      rateLimit: { postMessagePerChannelPerSec: settings.postPerChannelPerSec, burst: settings.postBurst },
      methodLimits: true,
    },
    models: { tokensPerSecond: settings.tokensPerSecond },
  });
  try {
    const app = await startOurApp(fakes, work);
    try {
      const driver = driverFor(app, fakes);
      const channels = Array.from({ length: settings.channels }, (_, i) => channelOf(i));
      await openHomes(driver);
      const started = Date.now();
      const [viewsOpenMs, clicking] = await Promise.all([
        requestPlans(driver, channels, settings),
        clickAlong(driver, channels, settings),
      ]);
      const roots = () => channels.flatMap((c) => fakes.slack.rootMessages(c));
      const end = await pollUntilCap(
        () =>
          roots().length >= settings.plans &&
          roots().every((r) => planOutcome(r) !== 'drafting') &&
          clicking.clicks.every((c) => updatedAt(fakes.slack.calls, c) !== undefined),
        settings.capMs,
      );
      return rowsOf({
        fakes,
        started,
        end,
        viewsOpenMs,
        clicking,
        ready: roots().filter((r) => planOutcome(r) === 'ready').length,
        settings,
      });
    } finally {
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
}

interface Outcome {
  fakes: Awaited<ReturnType<typeof startFakes>>;
  started: number;
  end: { held: boolean; at: number };
  viewsOpenMs: number[];
  clicking: Awaited<ReturnType<typeof clickAlong>>;
  ready: number;
  settings: BusyAfternoonSettings;
}

function rowsOf(o: Outcome): Row[] {
  const { fakes, settings } = o;
  const calls = fakes.slack.calls;
  const byMethod = [...fakes.slack.rateLimitedBy].map(([m, n]) => `${m} ${n}`).join(', ');
  const clickMs = o.clicking.clicks.map((c) => (updatedAt(calls, c) ?? Number.POSITIVE_INFINITY) - c.sentAt);
  const clickP95 = percentile(clickMs, 95);
  const viewsP95 = percentile(o.viewsOpenMs, 95);
  const total = o.end.at - o.started;
  const bound = boundMs(calls, o.started, o.clicking.clicks, settings);
  const label = `3b busy afternoon (${settings.plans} plans / ${settings.channels} channels, ${o.clicking.clicks.length} clicks, ${HOME_WATCHERS.length} Home tabs open)`;
  const tallies = tallyByMethod(calls)
    .map((t) => `${t.method} ${t.calls}`)
    .join(', ');
  return [
    {
      id: 'limits.429s',
      measure: `${label}: 429s, all methods`,
      value: String(fakes.slack.rateLimited),
      num: fakes.slack.rateLimited,
      unit: 'count',
      target: '0',
      met: fakes.slack.rateLimited === 0,
      note: `${byMethod || 'none by any method'}; calls: ${tallies}`,
    },
    {
      id: 'limits.click_update_p95_ms',
      measure: `${label}: p95 click → that item's message updated`,
      value: ms(clickP95, 0),
      num: clickP95,
      unit: 'ms',
      target: `≤ ${CLICK_UPDATE_LIMIT_MS} ms`,
      met: clickP95 <= CLICK_UPDATE_LIMIT_MS,
      note: `p50 ${ms(percentile(clickMs, 50), 0)}, max ${ms(percentile(clickMs, 100), 0)}; ${o.clicking.late} clicks sent late (no unclicked item ready)`,
    },
    {
      id: 'limits.views_open_p95_ms',
      measure: `${label}: p95 command → views.open sent`,
      value: ms(viewsP95, 0),
      num: viewsP95,
      unit: 'ms',
      target: `≤ ${VIEWS_OPEN_LIMIT_MS} ms`,
      met: viewsP95 <= VIEWS_OPEN_LIMIT_MS,
      note: `max ${ms(percentile(o.viewsOpenMs, 100), 0)} of ${o.viewsOpenMs.length}`,
    },
    {
      id: 'limits.plans_ready',
      measure: `${label}: plans complete`,
      value: `${o.ready} / ${settings.plans}`,
      num: o.ready,
      unit: 'count',
      target: `${settings.plans} / ${settings.plans}`,
      met: o.ready === settings.plans,
    },
    {
      id: 'limits.total_ms',
      measure: `${label}: total time (first command → every plan ready, every click shown)`,
      value: o.end.held ? ms(total, 0) : `> ${ms(total, 0)} (cap)`,
      num: total,
      unit: 'ms',
      note: `bound the limits impose: ${ms(bound.total, 0)} (${bound.parts}); ratio ${(total / bound.total).toFixed(2)}`,
    },
  ];
}
