import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildForBench, SIGNING_SECRET, startBareApp, startOurApp, Workdir } from './lib/apps.ts';
import { driverFor, openRequestModal, submitRequestModal } from './lib/driver.ts';
import { startFakes } from './lib/fakes.ts';
import { LoadGenerator } from './lib/load.ts';
import type { AppProcess } from './lib/processes.ts';
import { captureTemplates } from './lib/templates.ts';

/**
 * `node bench/profile-command.ts [dir]`: /release-plan at 50 connections for 5 s against our app
 * (then the bare one) run with `--cpu-prof`; the .cpuprofile files land in `dir` (default
 * ./profiles) for Chrome DevTools or speedscope. Issue 14: find where the command's ack time goes.
 */
/** SIGTERM, then up to 30 s for a clean exit: the profile is written on exit. */
async function stopForProfile(app: AppProcess): Promise<void> {
  process.kill(app.pid, 'SIGTERM');
  for (let i = 0; i < 300; i++) {
    try {
      process.kill(app.pid, 0);
    } catch {
      return;
    }
    await sleep(100);
  }
  await app.stop();
}

const dir = path.resolve(process.argv[2] ?? 'profiles');
mkdirSync(dir, { recursive: true });
buildForBench();
const work = new Workdir();
const fakes = await startFakes();
const load = new LoadGenerator();
try {
  // As in the ack benchmark: no per-method budget, so every command's modal is opened at once.
  const env = { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}`, SLACK_METHOD_BUDGET_SHARE: '0' };
  const app = await startOurApp(fakes, work, undefined, env);
  const driver = driverFor(app, fakes);
  const opened = await openRequestModal(driver, 'C0PROF');
  await submitRequestModal(driver, opened);
  const [command] = await captureTemplates('C0PROF', opened);
  if (!command) throw new Error('no command template');
  const job = {
    template: command,
    signingSecret: SIGNING_SECRET,
    connections: 50,
    warmupSec: 1,
    durationSec: 5,
  };
  const ours = await load.run({ ...job, url: `http://127.0.0.1:${app.port}` });
  await stopForProfile(app);
  const bare = await startBareApp(fakes, { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${dir}` });
  const before = fakes.slack.calls.length;
  const baseline = await load.run({ ...job, url: `http://127.0.0.1:${bare.port}` });
  await stopForProfile(bare);
  const answers = new Map<string, number>();
  for (const c of fakes.slack.calls.slice(before)) {
    const key = `${c.method} ${c.response?.status ?? '-'} ${c.response?.error ?? ''}`;
    answers.set(key, (answers.get(key) ?? 0) + 1);
  }
  process.stdout.write(`bare's calls: ${JSON.stringify([...answers])}\n`);
  process.stdout.write(
    `ours p50/p99 ${ours.latency.p50}/${ours.latency.p99} ms, ${ours.perSecond.toFixed(0)} req/s\n`,
  );
  process.stdout.write(
    `bare p50/p99 ${baseline.latency.p50}/${baseline.latency.p99} ms, ${baseline.perSecond.toFixed(0)} req/s\n`,
  );
  process.stdout.write(`profiles in ${dir}\n`);
} finally {
  await load.close();
  await fakes.close();
  work.remove();
}
