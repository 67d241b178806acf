import type { ModalView } from '@slack/types';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runAudit } from '../../src/cli/audit.ts';
import { CALLBACK } from '../../src/slack/ids.ts';
import { STORE_UNAVAILABLE_TEXT } from '../../src/slack/middleware/dedupe.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type SlackTestClient, viewSubmissionPayload } from '../fakes/slack-client.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { freshDatabase, withAdmin } from '../support/postgres.ts';
import { type PostgresServer, startPostgresServer } from '../support/postgres-server.ts';
import { ANSWERS, CHANNEL, REQUESTER } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';
import { clientFor } from './process-flow.ts';

let slack: FakeSlack;
let models: FakeModels;
const bots: BotProcess[] = [];

beforeEach(async () => {
  slack = await startFakeSlack();
  models = await startFakeModels();
  // About 6 s of streaming: long enough to break the database in the middle of it.
  models.setDefault({ kind: 'json', value: samplePlan(), chunkChars: 40, delayMs: 25 });
});
afterEach(async () => {
  for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await slack.close();
  await models.close();
});

async function startBot(databaseUrl: string): Promise<{ bot: BotProcess; client: SlackTestClient }> {
  const bot = await startBotProcess(
    botEnvironment(
      { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
      {
        SLACK_MAX_RETRIES: '5',
        SLACK_POST_INTERVAL_MS: '0',
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_SIZE: '3',
      },
    ),
  );
  bots.push(bot);
  const client = clientFor(bot, slack);
  return { bot, client };
}

async function requestPlan(client: SlackTestClient): Promise<void> {
  const opened = slack.views().length;
  expect((await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL })).status).toBe(200);
  await slack.waitFor((s) => s.views().length > opened, 5_000, 'the modal');
  const fake = slack.views().at(-1);
  const view = fake?.view as unknown as ModalView;
  const submitted = await client.viewSubmission(
    viewSubmissionPayload({
      userId: REQUESTER,
      viewId: fake?.id ?? '',
      callbackId: CALLBACK.planRequest,
      privateMetadata: view.private_metadata ?? '',
      values: fillModal(view, ANSWERS),
    }),
  );
  expect(submitted.status).toBe(200);
}

function sectionPosts(): string[] {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.thread_ts && c.response?.ok && /\d\/6/.test(String(c.args.text)))
    .map((c) => String(c.args.text).match(/(\d)\/6/)?.[1] ?? '');
}

async function readyz(bot: BotProcess): Promise<number> {
  return (await fetch(`http://127.0.0.1:${bot.port}/readyz`)).status;
}

async function auditVerified(url: string): Promise<string> {
  let out = '';
  await runAudit(['verify', '--db', url], {
    stdout: { write: (t: string) => (out += t) },
    stderr: { write: (t: string) => (out += t) },
  });
  return out;
}

async function finished(): Promise<void> {
  await slack.waitFor(
    (s) => /yellow|green|red/i.test(JSON.stringify(s.rootMessages(CHANNEL)[0]?.blocks ?? [])),
    30_000,
    'the finished root',
  );
}

describe('PostgreSQL faults under a running bot', () => {
  let server: PostgresServer;
  beforeEach(async () => {
    server = await startPostgresServer();
  });
  afterEach(async () => {
    await server.stop();
  });

  it('pauses a plan while PostgreSQL is down for 5 s, is unready meanwhile, answers commands clearly, then finishes it', async () => {
    const { bot, client } = await startBot(server.adminUrl);
    expect(await readyz(bot)).toBe(200);
    await requestPlan(client);
    await slack.waitFor(() => sectionPosts().length >= 2, 20_000, 'two sections');

    await server.pause();
    const during = await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
    expect(during.status).toBe(200);
    expect(during.json()).toEqual({ response_type: 'ephemeral', text: STORE_UNAVAILABLE_TEXT });
    expect(await readyz(bot)).toBe(503);
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await server.start();

    await finished();
    expect(sectionPosts().sort()).toEqual(['1', '2', '3', '4', '5', '6']);
    expect(await readyz(bot)).toBe(200);
    expect(bot.child.exitCode).toBeNull();
    expect(await auditVerified(server.adminUrl)).toMatch(/^audit chain OK/);
  }, 60_000);
});

describe('connections killed under a running bot', () => {
  it('finishes a plan whose connections are terminated again and again (pg_terminate_backend)', async () => {
    const database = await freshDatabase();
    try {
      const { bot, client } = await startBot(database.url);
      await requestPlan(client);
      await slack.waitFor(() => sectionPosts().length >= 1, 20_000, 'a first section');
      for (let i = 0; i < 5 && sectionPosts().length < 6; i++) {
        await withAdmin(database.url, (c) =>
          c.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = current_database() AND application_name = 'release-planner'",
          ),
        );
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
      await finished();
      expect(sectionPosts().sort()).toEqual(['1', '2', '3', '4', '5', '6']);
      expect(bot.child.exitCode).toBeNull();
      expect(await auditVerified(database.url)).toMatch(/^audit chain OK/);
    } finally {
      await database.drop();
    }
  }, 60_000);
});
