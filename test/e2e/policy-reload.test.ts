import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parsePolicy } from '../../src/approval/policy-file.ts';
import { policyHolder } from '../../src/policy-reload.ts';
import type { FakeSlack } from '../fakes/slack-api.ts';
import type { SlackTestClient } from '../fakes/slack-client.ts';
import { type BotProcess, startBotProcess } from '../support/bot-process.ts';
import { CHANNEL, REQUESTER } from './flow.ts';
import { startHarness } from './harness.ts';
import { clientFor, openProcessWorld, type ProcessWorld } from './process-flow.ts';

const policyYaml = (role: string) => `roles:
  ${role}: { users: [U0SME1] }
approval_matrix: { low: [${role}], medium: [${role}], high: [${role}] }
`;

const ALIAS_BOMB = [
  'a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]',
  ...'bcdefghi'.split('').map((k, i) => `${k}: &${k} [${Array(9).fill(`*${'abcdefghi'[i]}`).join(', ')}]`),
].join('\n');

let world: ProcessWorld;
let slack: FakeSlack;
let policyFile: string;

beforeEach(async () => {
  world = await openProcessWorld();
  slack = world.slack;
  policyFile = path.join(world.dir, 'policy.yml');
});

afterEach(() => world.close());

function env(): Record<string, string> {
  return world.env({ POLICY_FILE: policyFile });
}

/** The approval matrix the request form offers now: it comes from the policy in force. */
async function formMatrix(client: SlackTestClient): Promise<string> {
  const opened = slack.callsTo('views.open').length;
  expect((await client.command({ text: '', userId: REQUESTER, channelId: CHANNEL })).status).toBe(200);
  await slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'views.open');
  return JSON.stringify(slack.lastView()?.view).match(/Low risk: [^"]*/)?.[0] ?? '';
}

async function hangUp(b: BotProcess, logged: RegExp): Promise<void> {
  b.child.kill('SIGHUP');
  await expect.poll(() => logged.test(b.output()), { timeout: 5000 }).toBe(true);
}

describe('the policy file', () => {
  it('is read again on SIGHUP: a bad file keeps the policy in force and says why, a good one replaces it', async () => {
    writeFileSync(policyFile, policyYaml('SME'));
    const bot = await world.start(env());
    const client = clientFor(bot, slack);
    expect(await formMatrix(client)).toMatch(/^Low risk: SME/);

    writeFileSync(policyFile, ALIAS_BOMB);
    await hangUp(bot, /too many aliases.*policy reload refused/);
    expect(await formMatrix(client)).toMatch(/^Low risk: SME/);

    writeFileSync(policyFile, policyYaml('Release manager'));
    await hangUp(bot, /policy reloaded/);
    expect(await formMatrix(client)).toMatch(/^Low risk: Release manager/);
    expect(bot.child.exitCode).toBeNull();
  });

  it('refuses to start on a YAML alias bomb with one clear message, not a stack trace', async () => {
    writeFileSync(policyFile, `${ALIAS_BOMB}\n${policyYaml('SME')}`);
    const failed = startBotProcess(env(), 10_000);
    const error = await failed.then(
      () => undefined,
      (err: Error) => err.message,
    );
    expect(error).toMatch(/exited with 1/);
    expect(error).toMatch(/The policy file .* is invalid[\s\S]*too many aliases/);
    expect(error).not.toMatch(/\n\s+at /);
  });
});

describe('a replaced policy', () => {
  it('is what the services read for every later decision', async () => {
    const holder = policyHolder(parsePolicy(policyYaml('SME')));
    const h = await startHarness({ policyHolder: holder });
    try {
      expect(Object.keys(h.app.deps.policy.roles)).toEqual(['SME']);
      holder.replace(parsePolicy(policyYaml('CTO')));
      expect(Object.keys(h.app.deps.policy.roles)).toEqual(['CTO']);
    } finally {
      await h.close();
    }
  });
});
