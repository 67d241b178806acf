import { inject } from 'vitest';
import { createDatabase } from './postgres-admin.ts';

export { withAdmin } from './postgres-admin.ts';

/** The shared test server's admin URL (see postgres-global-setup.ts). */
export function pgAdminUrl(): string {
  return inject('pgAdminUrl');
}

/** A new, empty database on the test server; returns its URL and a way to drop it. */
export function freshDatabase(adminUrl = pgAdminUrl()): Promise<{ url: string; drop(): Promise<void> }> {
  return createDatabase(adminUrl);
}
