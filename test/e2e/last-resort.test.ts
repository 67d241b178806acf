import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FakeSlack } from '../fakes/slack-api.ts';
import type { SlackTestClient } from '../fakes/slack-client.ts';
import type { BotProcess } from '../support/bot-process.ts';
import { CHANNEL, REQUESTER } from './flow.ts';
import { clientFor, openProcessWorld, type ProcessWorld } from './process-flow.ts';

const INJECT_FAULTS = path.resolve(import.meta.dirname, '../support/inject-faults.ts');

let world: ProcessWorld;
let slack: FakeSlack;
let bot: BotProcess | undefined;

beforeEach(async () => {
  world = await openProcessWorld();
  slack = world.slack;
});

afterEach(async () => {
  bot = undefined;
  await world.close();
});

async function start(): Promise<SlackTestClient> {
  bot = await world.start(world.env(), ['--import', INJECT_FAULTS]);
  return clientFor(bot, slack);
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
