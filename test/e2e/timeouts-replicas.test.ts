import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeModels, startFakeModels } from '../fakes/model-server.ts';
import { type FakeSlack, startFakeSlack } from '../fakes/slack-api.ts';
import { type BotProcess, botEnvironment, startBotProcess } from '../support/bot-process.ts';
import { freshDatabase } from '../support/postgres.ts';
import { CHANNEL } from './flow.ts';
import { SIGNING_SECRET } from './harness.ts';
import { requestPlanOn } from './process-flow.ts';

const SRE = 'U0SRE1';
const CTO = 'U0CTO1';
const POLICY = `roles:
  SRE lead: { users: [${SRE}] }
  CTO: { users: [${CTO}] }
approval_matrix: { low: [SRE lead], medium: [SRE lead], high: [SRE lead, CTO] }
timeouts:
  remind_after: 2s
  remind_every: 3s
  escalate_after: 4s
  escalate_to: CTO
`;

let slack: FakeSlack;
let models: FakeModels;
let database: Awaited<ReturnType<typeof freshDatabase>>;
let dir: string;
const bots: BotProcess[] = [];

beforeAll(async () => {
  slack = await startFakeSlack();
  models = await startFakeModels();
  database = await freshDatabase();
  dir = mkdtempSync(path.join(tmpdir(), 'rp-timeouts-'));
  const policyFile = path.join(dir, 'policy.yml');
  writeFileSync(policyFile, POLICY);
  const env = botEnvironment(
    { slackUrl: slack.url, openaiBaseURL: models.openaiBaseURL, signingSecret: SIGNING_SECRET },
    { DATABASE_URL: database.url, POLICY_FILE: policyFile, SLACK_METHOD_BUDGET_SHARE: '0' },
  );
  bots.push(...(await Promise.all([startBotProcess(env), startBotProcess(env), startBotProcess(env)])));
}, 60_000);

afterAll(async () => {
  for (const bot of bots) if (bot.child.exitCode === null) bot.child.kill('SIGKILL');
  await Promise.all(bots.map((bot) => bot.exited));
  await slack.close();
  await models.close();
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

function postsTo(channel: string, threadOnly = false) {
  return slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === channel && c.response?.ok && (!threadOnly || c.args.thread_ts));
}

describe('approval timeouts on three replicas sharing PostgreSQL', () => {
  it('sends each reminder and the escalation once, whichever replica finds them due', async () => {
    const [first] = bots;
    if (!first) throw new Error('no bot');
    await requestPlanOn(first, slack);
    await slack.waitFor(() => postsTo(SRE).length >= 3, 20_000, 'three reminders');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const reminders = postsTo(SRE).map((c) => c.at);
    // Due 2 s after the plan was ready, then every 3 s: never two within one interval.
    for (let i = 1; i < reminders.length; i++) {
      expect((reminders[i] ?? 0) - (reminders[i - 1] ?? 0)).toBeGreaterThanOrEqual(2_500);
    }
    const escalations = postsTo(CHANNEL, true).filter((c) =>
      String(c.args.text).startsWith('Escalated to CTO'),
    );
    expect(escalations).toHaveLength(1);
  }, 60_000);
});
