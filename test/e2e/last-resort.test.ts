import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { SlackTestClient } from '../fakes/slack-client.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { CHANNEL, REQUESTER } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';

const INJECT_FAULTS = path.resolve(import.meta.dirname, '../support/inject-faults.ts');

let slack: FakeSlack;
let models: FakeModels;
let dir: string;
let bot: BotProcess | undefined;

beforeEach(async () => {
  slack = await startFakeSlack();
  models = await startFakeModels();
  dir = mkdtempSync(path.join(tmpdir(), 'release-planner-'));
});

afterEach(async () => {
  if (bot && bot.child.exitCode === null) bot.child.kill('SIGKILL');
  bot = undefined;
  await slack.close();
  await models.close();
  rmSync(dir, { recursive: true, force: true });
});

async function start(): Promise<SlackTestClient> {
  const env = botEnvironment(
    { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
    { DATABASE_URL: `sqlite:${path.join(dir, 'plans.db')}` },
  );
  bot = await startBotProcess(env, 20_000, ['--import', INJECT_FAULTS]);
  return new SlackTestClient({
    baseUrl: `http://127.0.0.1:${bot.port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
}

async function commandStillWorks(client: SlackTestClient): Promise<void> {
  const opened = slack.callsTo('views.open').length;
  const res = await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
  expect(res.status).toBe(200);
  await slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'views.open');
}

describe('a malformed request or a stray error does not take the process down', () => {
  it('answers a signed null body with 400 and goes on serving', async () => {
    const client = await start();
    expect((await client.signedRaw('null', 'application/json')).status).toBe(400);
    expect((await client.signedRaw('payload=null', 'application/x-www-form-urlencoded')).status).toBe(400);
    await commandStillWorks(client);
    expect(bot?.child.exitCode).toBeNull();
  });

  it('logs an uncaught exception and an unhandled rejection once each, and keeps serving', async () => {
    const client = await start();
    bot?.child.kill('SIGUSR2');
    await expect
      .poll(() => bot?.output().match(/"origin":"(uncaughtException|unhandledRejection)"/g)?.length ?? 0)
      .toBe(2);
    const lines = (bot?.output() ?? '').split('\n').filter((l) => /injected/.test(l));
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(line).toMatch(/"level":50.*keeps serving/);
    await commandStillWorks(client);
    expect(bot?.child.exitCode).toBeNull();
  });
});
