import type { TestProject } from 'vitest/node';
import { type PostgresServer, startPostgresServer } from './postgres-server.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Admin URL of the PostgreSQL server every test file shares (PG_TEST_URL, or one started here). */
    pgAdminUrl: string;
  }
}

let server: PostgresServer | undefined;

/** One real PostgreSQL per test run (PG_TEST_URL points at an existing one instead); a database per file. */
export async function setup(project: TestProject): Promise<void> {
  const existing = process.env.PG_TEST_URL;
  if (existing) {
    project.provide('pgAdminUrl', existing);
    return;
  }
  server = await startPostgresServer();
  project.provide('pgAdminUrl', server.adminUrl);
}

export async function teardown(): Promise<void> {
  await server?.stop();
}
