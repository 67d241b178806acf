import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openProcessWorld, type ProcessWorld, requestPlanOn } from './process-flow.ts';

const SRE = 'U0SRE1';
const POLICY = `roles:
  SRE lead: { users: [${SRE}] }
  CTO: { users: [U0CTO1] }
approval_matrix: { low: [SRE lead], medium: [SRE lead], high: [SRE lead, CTO] }
timeouts:
  remind_after: 3s
  remind_every: 6s
`;

let world: ProcessWorld;
let env: Record<string, string>;

beforeEach(async () => {
  world = await openProcessWorld();
  const policyFile = path.join(world.dir, 'policy.yml');
  writeFileSync(policyFile, POLICY);
  env = world.env({ POLICY_FILE: policyFile });
});

afterEach(() => world.close());

/** When each reminder reached the SRE lead (a DM is posted to the user's id), in ms since the epoch. */
function remindersToSre(): number[] {
  return world.slack
    .callsTo('chat.postMessage')
    .filter((c) => c.args.channel === SRE && c.response?.ok)
    .map((c) => c.at);
}

describe('approval timeouts across a crash', () => {
  it('sends each reminder exactly once when the bot is killed and restarted between two due times', async () => {
    const first = await world.start(env);
    await requestPlanOn(first, world.slack);
    await world.slack.waitFor(() => remindersToSre().length === 1, 15_000, 'the first reminder');
    // Between the two due times (3 s and 9 s after the plan was ready): the first one recorded.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    first.child.kill('SIGKILL');
    await first.exited;

    const second = await world.start(env);
    await world.slack.waitFor(() => remindersToSre().length === 2, 15_000, 'the second reminder');
    // Well past the second due time and short of the third: nothing more, nothing twice.
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    const [once, twice, ...more] = remindersToSre();
    expect(more).toEqual([]);
    expect((twice ?? 0) - (once ?? 0)).toBeGreaterThanOrEqual(5_500);
    expect(second.output()).not.toMatch(/"level":(50|60)/);
  }, 60_000);
});
