import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import type { FakeSlack } from '../fakes/slack-api.ts';
import type { BotProcess } from '../support/bot-process.ts';
import { CHANNEL } from './flow.ts';
import { openProcessWorld, type ProcessWorld, requestPlanOn } from './process-flow.ts';

type Bot = BotProcess;

function sectionPosts(slack: FakeSlack) {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts && /\d\/6/.test(String(c.args.text)) && c.response?.ok);
}

let world: ProcessWorld;
let slack: FakeSlack;
let models: FakeModels;
let env: Record<string, string>;
const startBot = (settings: Record<string, string>) => world.start(settings);

beforeEach(async () => {
  world = await openProcessWorld();
  ({ slack, models } = world);
  env = world.env({ GENERATION_LEASE_MS: '600' });
});

afterEach(() => world.close());

async function requestSlowPlan(bot: Bot): Promise<void> {
  models.script({ kind: 'json', value: samplePlan(), chunkChars: 40, delayMs: 15 });
  await requestPlanOn(bot, slack);
}

describe('crash and restart', () => {
  it('resumes a plan killed after its third section without posting sections 1–3 again', async () => {
    const first = await startBot(env);
    await requestSlowPlan(first);
    await slack.waitFor((s) => sectionPosts(s).length >= 3, 20_000, 'three sections');
    first.child.kill('SIGKILL');
    await first.exited;
    const before = sectionPosts(slack).map((c) => String(c.args.text));
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(6);

    models.setDefault({ kind: 'json', value: samplePlan() });
    await startBot(env);
    await slack.waitFor((s) => sectionPosts(s).length >= 6, 20_000, 'all six sections after restart');
    await slack.waitFor(
      (s) => /yellow|green|red/i.test(JSON.stringify(s.rootMessages(CHANNEL)[0]?.blocks ?? [])),
      10_000,
      'the finished root',
    );
    const titles = sectionPosts(slack).map((c) => String(c.args.text));
    expect(titles).toHaveLength(6);
    expect(new Set(titles.map((t) => t.match(/(\d)\/6/)?.[1])).size).toBe(6);
    expect(titles.slice(0, before.length)).toEqual(before);
    const resumed = models.requests.at(-1);
    expect(JSON.stringify(resumed?.body)).toContain('already published and final');
  });

  it('finishes in-flight work on SIGTERM before exiting', async () => {
    const bot = await startBot(env);
    await requestSlowPlan(bot);
    await slack.waitFor((s) => sectionPosts(s).length >= 1, 20_000, 'a first section');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(sectionPosts(slack)).toHaveLength(6);
    expect(JSON.stringify(slack.rootMessages(CHANNEL)[0]?.blocks)).toMatch(/yellow|green|red/i);
  });
});
