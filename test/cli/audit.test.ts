import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_DB_PATH, runAudit } from '../../src/cli/audit.ts';
import { openPostgresStore } from '../../src/store/postgres.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleAuditEvent } from '../fakes/audit-events.ts';
import { freshDatabase, withAdmin } from '../support/postgres.ts';

let dir: string;
let file: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rp-audit-cli-'));
  file = path.join(dir, 'audit.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

async function run(
  argv: string[],
  cwd = dir,
  databaseUrl?: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runAudit(argv, {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    cwd,
    databaseUrl,
  });
  return { code, stdout, stderr };
}

async function seed(dbFile: string, planIds: string[]): Promise<void> {
  const store = openSqliteStore(dbFile);
  for (const [i, planId] of planIds.entries()) {
    await store.appendAudit(sampleAuditEvent(planId, i));
  }
  await store.close();
}

/** Edits one row behind the store's back, as an attacker with the file would. */
function tamper(dbFile: string, seq: number, data: string): void {
  const db = new DatabaseSync(dbFile);
  db.exec('DROP TRIGGER audit_no_update');
  db.prepare('UPDATE audit SET data = ? WHERE seq = ?').run(data, seq);
  db.close();
}

describe('audit verify', () => {
  it.each([0, 3])('reports an intact chain of %i entries', async (count) => {
    await seed(
      file,
      Array.from({ length: count }, () => 'p1'),
    );
    expect(await run(['verify', '--db', file])).toEqual({
      code: 0,
      stdout: `audit chain OK: ${count} entries\n`,
      stderr: '',
    });
  });

  it.each([
    ['edited data', '{"i":99}', /^audit chain BROKEN at seq 2: stored hash [0-9a-f]{64} does not match/],
    ['data that is no longer JSON', '{broken', /^audit chain BROKEN at seq 2: audit row 2 is invalid/],
  ])('reports %s at its seq', async (_name, data, expected) => {
    await seed(file, ['p1', 'p1', 'p1']);
    tamper(file, 2, data);
    const result = await run(['verify', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(expected);
  });

  it('resolves a relative --db against the working directory', async () => {
    await seed(file, ['p1']);
    expect(await run(['verify', '--db', 'audit.db'])).toMatchObject({
      code: 0,
      stdout: 'audit chain OK: 1 entries\n',
    });
  });

  it('defaults to the file config.ts uses', async () => {
    const defaultFile = path.join(dir, DEFAULT_DB_PATH);
    mkdirSync(path.dirname(defaultFile), { recursive: true });
    await seed(defaultFile, ['p2', 'p1']);
    expect(await run(['verify'])).toMatchObject({ code: 0, stdout: 'audit chain OK: 2 entries\n' });
  });
});

describe('audit export', () => {
  it.each([
    { argv: [], planIds: ['p1', 'p2', 'p3', 'p1'], seqs: [1, 2, 3, 4] },
    { argv: ['--plan', 'p1'], planIds: ['p1', 'p2', 'p3', 'p1'], seqs: [1, 4] },
    { argv: ['--plan', 'nope'], planIds: ['p1'], seqs: [] },
  ])('prints JSON lines for $argv', async ({ argv, planIds, seqs }) => {
    await seed(file, planIds);
    const store = openSqliteStore(file);
    const all = await store.listAudit();
    await store.close();

    const result = await run(['export', ...argv, '--db', file]);
    expect(result.code).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    expect(lines.map((line) => JSON.parse(line))).toEqual(all.filter((e) => seqs.includes(e.seq)));
  });
});

describe('audit command line', () => {
  it('says when the database does not exist, and does not create it', async () => {
    const result = await run(['verify', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`no database at ${file}`);
    expect(existsSync(file)).toBe(false);
  });

  it('says when the file is not a database', async () => {
    writeFileSync(file, 'this is not SQLite, just text long enough to have a header.'.repeat(20));
    const result = await run(['verify', '--db', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^cannot read the audit log in .*audit\.db: /);
  });

  it.each([
    { argv: [], message: 'missing command' },
    { argv: ['frob'], message: 'unknown command "frob"' },
    { argv: ['verify', 'extra'], message: 'unexpected arguments: extra' },
    { argv: ['verify', '--plan', 'p1'], message: '--plan applies to export only' },
    { argv: ['export', '--bogus'], message: "Unknown option '--bogus'" },
    { argv: ['export', '--plan'], message: "Option '--plan <value>' argument missing" },
  ])('refuses $argv with usage', async ({ argv, message }) => {
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('usage: npm run audit -- verify [--db PATH|URL]');
  });
});

describe('audit on PostgreSQL', () => {
  it('verifies the chain of the DATABASE_URL database, and finds a tampered row', async () => {
    const database = await freshDatabase();
    try {
      const store = await openPostgresStore(database.url, { poolSize: 2 });
      for (const i of [1, 2, 3]) await store.appendAudit(sampleAuditEvent('p1', i));
      await store.close();
      expect(await run(['verify'], dir, database.url)).toEqual({
        code: 0,
        stdout: 'audit chain OK: 3 entries\n',
        stderr: '',
      });
      await withAdmin(database.url, async (c) => {
        await c.query('ALTER TABLE audit DISABLE TRIGGER audit_no_update');
        await c.query(`UPDATE audit SET data = '{"forged":true}' WHERE seq = 2`);
      });
      const broken = await run(['verify', '--db', database.url]);
      expect(broken.code).toBe(1);
      expect(broken.stdout).toMatch(/^audit chain BROKEN at seq 2: stored hash/);
    } finally {
      await database.drop();
    }
  });

  it('says when the URL is not a Release Planner database, creating nothing, and hides the password', async () => {
    const database = await freshDatabase();
    try {
      const result = await run(['verify', '--db', database.url]);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^no Release Planner database at postgres:\/\/postgres:\*\*\*@/);
      expect(result.stderr).not.toContain('test-only-password');
      expect(await withAdmin(database.url, (c) => c.query("SELECT to_regclass('audit') AS t"))).toMatchObject(
        {
          rows: [{ t: null }],
        },
      );
    } finally {
      await database.drop();
    }
  });
});
