import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { CHANNEL } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';
import { requestPlanOn } from './process-flow.ts';

type Bot = BotProcess;
const startBot = (env: Record<string, string>) => startBotProcess(env);

function sectionPosts(slack: FakeSlack) {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts && /\d\/6/.test(String(c.args.text)) && c.response?.ok);
}

let slack: FakeSlack;
let models: FakeModels;
let dir: string;
let env: Record<string, string>;
const bots: Bot[] = [];

beforeEach(async () => {
  slack = await startFakeSlack();
  models = await startFakeModels();
  dir = mkdtempSync(path.join(tmpdir(), 'release-planner-'));
  env = botEnvironment(
    { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
    {
      DATABASE_URL: `sqlite:${path.join(dir, 'plans.db')}`,
      GENERATION_LEASE_MS: '600',
    },
  );
});

afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await slack.close();
  await models.close();
  rmSync(dir, { recursive: true, force: true });
});

async function requestSlowPlan(bot: Bot): Promise<void> {
  models.script({ kind: 'json', value: samplePlan(), chunkChars: 40, delayMs: 15 });
  await requestPlanOn(bot, slack);
}

describe('crash and restart', () => {
  it('resumes a plan killed after its third section without posting sections 1–3 again', async () => {
    const first = await startBot(env);
    bots.push(first);
    await requestSlowPlan(first);
    await slack.waitFor((s) => sectionPosts(s).length >= 3, 20_000, 'three sections');
    first.child.kill('SIGKILL');
    await first.exited;
    const before = sectionPosts(slack).map((c) => String(c.args.text));
    expect(before.length).toBeGreaterThanOrEqual(3);
    expect(before.length).toBeLessThan(6);

    models.setDefault({ kind: 'json', value: samplePlan() });
    bots.push(await startBot(env));
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
    bots.push(bot);
    await requestSlowPlan(bot);
    await slack.waitFor((s) => sectionPosts(s).length >= 1, 20_000, 'a first section');
    bot.child.kill('SIGTERM');
    expect(await bot.exited).toBe(0);
    expect(sectionPosts(slack)).toHaveLength(6);
    expect(JSON.stringify(slack.rootMessages(CHANNEL)[0]?.blocks)).toMatch(/yellow|green|red/i);
  });
});
