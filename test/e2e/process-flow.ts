import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { ModalView } from '@slack/types';
import { CALLBACK } from '../../src/slack/ids.ts';
import { fillModal } from '../fakes/modal-fill.ts';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { SlackTestClient, viewSubmissionPayload } from '../fakes/slack-client.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { ANSWERS, CHANNEL, REQUESTER } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';

/** `/release-plan` sent to a bot process, and its form filled and submitted like a person would. */
export async function requestPlanOn(bot: BotProcess, slack: FakeSlack): Promise<void> {
  const client = clientFor(bot, slack);
  const opened = slack.callsTo('views.open').length;
  await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL });
  await slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'views.open');
  const last = slack.lastView();
  const view = last?.view as unknown as ModalView;
  await client.viewSubmission(
    viewSubmissionPayload({
      userId: REQUESTER,
      viewId: last?.id ?? '',
      callbackId: CALLBACK.planRequest,
      privateMetadata: view.private_metadata ?? '',
      values: fillModal(view, ANSWERS),
    }),
  );
}

/** Signs requests to a bot process the way Slack does. */
export function clientFor(bot: BotProcess, slack: FakeSlack): SlackTestClient {
  return new SlackTestClient({
    baseUrl: `http://127.0.0.1:${bot.port}`,
    signingSecret: SIGNING_SECRET,
    responseUrlBase: slack.responseUrlBase,
  });
}

/** What a test of the real program as a process needs: the fakes, a folder, and its bots. */
export interface ProcessWorld {
  slack: FakeSlack;
  models: FakeModels;
  /** A fresh temporary folder, removed at close. */
  dir: string;
  /** The bot's settings: the fakes, a SQLite file in `dir`, and `more`. */
  env(more?: Record<string, string>): Record<string, string>;
  /** Starts `node src/main.ts`; a bot still running at close is killed. */
  start(env: Record<string, string>, nodeArgs?: string[]): Promise<BotProcess>;
  close(): Promise<void>;
}

export async function openProcessWorld(): Promise<ProcessWorld> {
  const slack = await startFakeSlack();
  const models = await startFakeModels();
  const dir = mkdtempSync(path.join(tmpdir(), 'release-planner-'));
  const bots: BotProcess[] = [];
  return {
    slack,
    models,
    dir,
    env: (more = {}) =>
      botEnvironment(
        { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
        { DATABASE_URL: `sqlite:${path.join(dir, 'plans.db')}`, ...more },
      ),
    async start(env, nodeArgs = []) {
      const bot = await startBotProcess(env, 20_000, nodeArgs);
      bots.push(bot);
      return bot;
    },
    async close() {
      for (const bot of bots.splice(0)) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
      await slack.close();
      await models.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
