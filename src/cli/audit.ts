import { existsSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { readEnvironment } from '../config.ts';
import { errorMessage } from '../errors.ts';
import { verifyChain } from '../store/audit-chain.ts';
import { StoreRowError } from '../store/errors.ts';
import type { Store } from '../store/port.ts';
import { openPostgresStore, postgresSchemaVersion } from '../store/postgres.ts';
import { openSqliteStore } from '../store/sqlite.ts';

/** The same file src/config.ts uses when DATABASE_URL is unset. */
export const DEFAULT_DB_PATH = './data/release-planner.db';

export const USAGE = [
  'usage: npm run audit -- verify [--db PATH|URL]',
  '       npm run audit -- export [--plan ID] [--db PATH|URL]',
  `PATH is a SQLite file, URL a postgres://… database; default: DATABASE_URL, else ${DEFAULT_DB_PATH}.`,
].join('\n');

export interface AuditIo {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
  /** Where a relative --db is resolved from. */
  cwd?: string;
  /** The bot's DATABASE_URL, used when --db is absent. */
  databaseUrl?: string | undefined;
}

type AuditCommand =
  | { name: 'verify'; db: string | undefined }
  | { name: 'export'; db: string | undefined; planId: string | undefined };

/** `verify` exits 1 on a broken chain; a usage error exits 2. */
export async function runAudit(argv: readonly string[], io: AuditIo): Promise<number> {
  const command = parseCommand(argv);
  if (typeof command === 'string') {
    io.stderr.write(`${command}\n${USAGE}\n`);
    return 2;
  }
  const target = command.db ?? io.databaseUrl ?? DEFAULT_DB_PATH;
  const opened = await openExisting(target, io.cwd ?? process.cwd());
  if (typeof opened === 'string') {
    io.stderr.write(`${opened}\n`);
    return 1;
  }
  const { store, where } = opened;
  try {
    return command.name === 'verify'
      ? await verify(store, io)
      : await exportEntries(store, command.planId, io);
  } catch (error) {
    io.stderr.write(`cannot read the audit log in ${where}: ${errorMessage(error)}\n`);
    return 1;
  } finally {
    await store.close();
  }
}

const POSTGRES_URL = /^postgres(ql)?:\/\//;

/**
 * Opens the bot's database only if it exists: opening would otherwise create an empty one, which
 * would then "verify" as an empty chain. A message when it does not.
 */
async function openExisting(target: string, cwd: string): Promise<{ store: Store; where: string } | string> {
  if (POSTGRES_URL.test(target)) {
    const where = withoutPassword(target);
    try {
      if ((await postgresSchemaVersion(target)) === 0) {
        return `no Release Planner database at ${where}: pass --db with the URL your DATABASE_URL names`;
      }
      return { store: await openPostgresStore(target, { poolSize: 2 }), where };
    } catch (error) {
      return `cannot open ${where}: ${errorMessage(error)}`;
    }
  }
  const file = path.resolve(cwd, target.replace(/^(sqlite|file):(\/\/)?/, ''));
  if (!existsSync(file)) {
    return `no database at ${file}: pass --db PATH, the SQLite file your DATABASE_URL names`;
  }
  try {
    return { store: openSqliteStore(file), where: file };
  } catch (error) {
    return `cannot read the audit log in ${file}: ${errorMessage(error)}`;
  }
}

function withoutPassword(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

function parseCommand(argv: readonly string[]): AuditCommand | string {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(argv);
  } catch (error) {
    return errorMessage(error);
  }
  const { values, positionals } = parsed;
  const db = values.db;
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
    databaseUrl: readEnvironment().DATABASE_URL,
  });
}
