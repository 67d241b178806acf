import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { errorMessage } from '../errors.ts';
import { verifyChain } from '../store/audit-chain.ts';
import { StoreRowError } from '../store/errors.ts';
import type { Store } from '../store/port.ts';
import { openSqliteStore } from '../store/sqlite.ts';

/** The same file src/config.ts uses when DATABASE_URL is unset. */
export const DEFAULT_DB_PATH = './data/release-planner.db';

export const USAGE = [
  'usage: npm run audit -- verify [--db PATH]',
  '       npm run audit -- export [--plan ID] [--db PATH]',
  `PATH is the SQLite file of DATABASE_URL (default ${DEFAULT_DB_PATH}).`,
].join('\n');

export interface AuditIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Where a relative --db is resolved from. */
  cwd?: string;
}

type AuditCommand =
  | { name: 'verify'; db: string }
  | { name: 'export'; db: string; planId: string | undefined };

/** `verify` exits 1 on a broken chain; a usage error exits 2. */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  const command = parseCommand(argv);
  if (typeof command === 'string') {
    io.stderr.write(`${command}\n${USAGE}\n`);
    return 2;
  }
  const file = path.resolve(io.cwd ?? process.cwd(), command.db);
  // Opening would create an empty database, which would then "verify" as an empty chain.
  if (!existsSync(file)) {
    io.stderr.write(`no database at ${file}: pass --db PATH, the SQLite file your DATABASE_URL names\n`);
    return 1;
  }
  let store: Store | undefined;
  try {
    store = openSqliteStore(file);
    return command.name === 'verify'
      ? await verify(store, io)
      : await exportEntries(store, command.planId, io);
  } catch (error) {
    io.stderr.write(`cannot read the audit log in ${file}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    await store?.close();
  }
}

function parseCommand(argv: readonly string[]): AuditCommand | string {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return errorMessage(error);
  }
  const { values, positionals } = parsed;
  const db = values.db ?? DEFAULT_DB_PATH;
  const [name, ...extra] = positionals;
  if (extra.length > 0) return `unexpected arguments: ${extra.join(' ')}`;
  if (name === 'verify') {
    return values.plan === undefined
      ? { name, db }
      : '--plan applies to export only: verify checks the whole chain';
  }
  if (name === 'export') return { name, db, planId: values.plan };
  return name === undefined ? 'missing command' : `unknown command "${name}"`;
}

function parseOptions(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    allowPositionals: true,
    strict: true,
    options: { db: { type: 'string' }, plan: { type: 'string' } },
  });
}

async function verify(store: Store, io: AuditIo): Promise<number> {
  let entries: Awaited<ReturnType<Store['listAudit']>>;
  try {
    entries = await store.listAudit();
  } catch (error) {
    // A row that no longer parses (e.g. its data is no longer JSON) is a broken link too.
    if (error instanceof StoreRowError && error.table === 'audit' && typeof error.key === 'number') {
      io.stdout.write(`audit chain BROKEN at seq ${error.key}: ${error.message}\n`);
      return 1;
    }
    throw error;
  }
  const verdict = verifyChain(entries);
  if (verdict.ok) {
    io.stdout.write(`audit chain OK: ${verdict.count} entries\n`);
    return 0;
  }
  io.stdout.write(`audit chain BROKEN at seq ${verdict.brokenAt}: ${verdict.reason}\n`);
  return 1;
}

async function exportEntries(store: Store, planId: string | undefined, io: AuditIo): Promise<number> {
  const entries = await store.listAudit(planId === undefined ? {} : { planId });
  for (const entry of entries) io.stdout.write(`${JSON.stringify(entry)}\n`);
  return 0;
}

if (import.meta.main) {
  process.exitCode = await runAudit(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
  });
}
