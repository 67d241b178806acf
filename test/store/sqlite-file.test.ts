import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { Worker } from 'node:worker_threads';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { canonicalJson } from '../../src/lib/canonical-json.ts';
import { GENESIS_HASH, hashEntry, verifyChain } from '../../src/store/audit-chain.ts';
import { StoreRowError } from '../../src/store/errors.ts';
import { MIGRATIONS, migrate } from '../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { sampleAuditEvent } from '../fakes/audit-events.ts';
import { sampleRequest } from '../fakes/plan-fixture.ts';

const request = sampleRequest();
const newPlan = { submissionKey: 'view-1', teamId: 'T1', channelId: 'C1', requesterId: 'U1', request };

let dir: string;
let file: string;
let raw: DatabaseSync | undefined;

beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'rp-store-file-'));
  file = path.join(dir, 'a', 'b', 'store.db');
});
afterEach(() => {
  raw?.close();
  raw = undefined;
  rmSync(dir, { recursive: true, force: true });
});

/** A second, raw connection: what someone with shell access to the file could do. */
function rawConnection(): DatabaseSync {
  raw = new DatabaseSync(file);
  return raw;
}

async function storeWithAudit(entries: number): Promise<void> {
  const store = openSqliteStore(file);
  for (let i = 1; i <= entries; i++) {
    await store.appendAudit(sampleAuditEvent(i % 2 ? 'p1' : 'p2', i, `U${i}`));
  }
  await store.close();
}

/**
 * A database as the build before migration 3 left it: one plan and these audit entries, chained,
 * written straight to the file. Returns the plan's id.
 */
async function databaseAtVersion2(
  entriesOf: (planId: string) => [kind: string, data: object][],
): Promise<string> {
  const store = openSqliteStore(file);
  const { plan } = await store.createPlan(newPlan);
  await store.close();
  const db = rawConnection();
  db.exec(
    `DROP TABLE guard_notes; DROP TABLE feedback; DROP INDEX plans_root_stale;
     ALTER TABLE plans DROP COLUMN root_stale; DROP TABLE plan_timeouts; ALTER TABLE plans DROP COLUMN expired_at;
     DELETE FROM schema_version WHERE version >= 3;`,
  );
  let prevHash = GENESIS_HASH;
  const insert = db.prepare(
    'INSERT INTO audit (seq, plan_id, kind, actor, data, created_at, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
  );
  entriesOf(plan.id).forEach(([kind, data], i) => {
    const unsigned = {
      seq: i + 1,
      planId: plan.id,
      kind,
      actor: null,
      data,
      createdAt: `2026-01-01T00:00:0${i}Z`,
      prevHash,
    };
    const hash = hashEntry(unsigned);
    insert.run(unsigned.seq, plan.id, kind, null, canonicalJson(data), unsigned.createdAt, prevHash, hash);
    prevHash = hash;
  });
  db.close();
  raw = undefined;
  return plan.id;
}

describe('SQLite store on a file', () => {
  it('creates the parent directory and uses WAL', async () => {
    await openSqliteStore(file).close();
    expect(rawConnection().prepare('PRAGMA journal_mode').get()).toEqual({ journal_mode: 'wal' });
  });

  it('keeps plans and claims across reopening', async () => {
    const first = openSqliteStore(file);
    const { plan } = await first.createPlan(newPlan);
    expect(await first.claimOnce('event:Ev1')).toBe(true);
    await first.close();

    const second = openSqliteStore(file);
    expect(await second.claimOnce('event:Ev1')).toBe(false);
    expect(await second.createPlan(newPlan)).toEqual({ plan, created: false });
    await second.close();
  });

  describe('migrations', () => {
    it('applies each migration once', async () => {
      await openSqliteStore(file).close();
      await openSqliteStore(file).close();
      const versions = rawConnection().prepare('SELECT version FROM schema_version ORDER BY version').all();
      expect(versions.map((v) => v.version)).toEqual(MIGRATIONS.map((_sql, i) => i + 1));
    });

    it('keeps the claims of a database written before claims were one B-tree', async () => {
      mkdirSync(path.dirname(file), { recursive: true });
      const before = rawConnection();
      migrate(before, MIGRATIONS.slice(0, -1));
      before
        .prepare('INSERT INTO claims (key, created_at) VALUES (?, ?)')
        .run('command:T1', '2026-01-01T00:00:00Z');
      before.close();
      raw = undefined;

      const store = openSqliteStore(file);
      expect(await store.claimOnce('command:T1')).toBe(false);
      expect(await store.claimOnce('command:T2')).toBe(true);
      await store.close();
      const table = rawConnection().prepare("SELECT sql FROM sqlite_master WHERE name = 'claims'").get();
      expect(String(table?.sql)).toContain('WITHOUT ROWID');
    });

    it('refuses a database from a newer build', async () => {
      await openSqliteStore(file).close();
      rawConnection()
        .prepare('INSERT INTO schema_version (version, applied_at) VALUES (?, ?)')
        .run(MIGRATIONS.length + 1, new Date().toISOString());
      expect(() => openSqliteStore(file)).toThrow(expect.objectContaining({ code: 'schema_too_new' }));
    });

    it('fills guard notes and feedback from the audit log of a database written before they had tables', async () => {
      const reply = (planId: string, id: string) => ({
        id,
        planId,
        userId: 'U2',
        source: 'thread_reply' as const,
        text: `reply ${id}`,
        originalChars: 9,
        redactions: 0,
      });
      const planId = await databaseAtVersion2((id) => [
        ['section.guarded', { key: 'gating', hash: 'h1', version: 1, notes: ['Removed 1 command line'] }],
        ...['1.1', '1.2', '1.3', '1.4'].map((ts): [string, object] => ['revision.feedback', reply(id, ts)]),
        ['revision.feedback', { id: 'malformed' }],
        ['plan.version', { version: 2, revision: { feedbackId: '1.1', changed: ['gating'] }, sections: [] }],
        ['revision.failed', { feedbackId: '1.3', version: 2, code: 'api_error' }],
        ['revision.unchanged', { feedbackId: '1.4', version: 2 }],
      ]);

      const store = openSqliteStore(file);
      expect(await store.getGuardNotes(planId, 'gating', 'h1')).toEqual(['Removed 1 command line']);
      expect((await store.listUnansweredFeedback()).map((f) => f.id)).toEqual(['1.2']);
      expect(await store.getFeedback(planId, '1.3')).toEqual(reply(planId, '1.3'));
      expect(verifyChain(await store.listAudit()).ok).toBe(true);
      await store.close();
    });
  });

  describe('append-only audit', () => {
    it.each([
      ['UPDATE', "UPDATE audit SET data = '{}' WHERE seq = 1"],
      ['DELETE', 'DELETE FROM audit WHERE seq = 1'],
      ['DELETE of all rows', 'DELETE FROM audit'],
    ])('the database refuses %s', async (_name, statement) => {
      await storeWithAudit(2);
      const db = rawConnection();
      expect(() => db.exec(statement)).toThrow('audit log is append-only');
      expect(db.prepare('SELECT count(*) AS n FROM audit').get()).toEqual({ n: 2 });
    });

    it('reports a tampered row at exactly its seq', async () => {
      await storeWithAudit(4);
      const db = rawConnection();
      db.exec('DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete;');
      db.prepare('UPDATE audit SET data = ? WHERE seq = 3').run('{"i":30}');

      const store = openSqliteStore(file);
      const verdict = verifyChain(await store.listAudit());
      await store.close();
      expect(verdict).toMatchObject({ ok: false, brokenAt: 3, problem: 'hash_mismatch' });
    });

    it('chains appends from several connections writing at once', async () => {
      const writers = 4;
      const perWriter = 25;
      await Promise.all(Array.from({ length: writers }, (_v, n) => appendInWorker(file, `W${n}`, perWriter)));

      const store = openSqliteStore(file);
      const entries = await store.listAudit();
      await store.close();
      expect(verifyChain(entries)).toEqual({ ok: true, count: writers * perWriter });
      expect(new Set(entries.map((e) => e.actor)).size).toBe(writers);
    });
  });

  it.each([
    ['a request that no longer validates', `UPDATE plans SET request = '{"title":""}'`],
    ['a request that is not JSON', `UPDATE plans SET request = 'not json'`],
    ['an unknown status', `UPDATE plans SET status = 'weird'`],
  ])('rejects a plan row with %s', async (_name, statement) => {
    const store = openSqliteStore(file);
    const { plan } = await store.createPlan(newPlan);
    const db = rawConnection();
    // CHECK constraints would stop the status edit; a hand-edited file may not have them.
    db.exec('PRAGMA ignore_check_constraints = ON');
    db.exec(statement);

    const error = await store.getPlan(plan.id).catch((e: unknown) => e);
    await store.close();
    expect(error).toBeInstanceOf(StoreRowError);
    expect(error).toMatchObject({ code: 'row_invalid', table: 'plans', key: plan.id });
  });
});

const WORKER = `
const { workerData } = require('node:worker_threads');
(async () => {
  const { openSqliteStore } = await import(workerData.module);
  const store = openSqliteStore(workerData.file, { busyTimeoutMs: 15000 });
  for (let i = 0; i < workerData.count; i++) {
    await store.appendAudit({ kind: 'revision.retry', planId: 'p1', actor: workerData.name, data: { feedbackId: String(i) } });
  }
  await store.close();
})().catch((error) => { process.nextTick(() => { throw error; }); });
`;

function appendInWorker(file: string, name: string, count: number): Promise<void> {
  const module = new URL('../../src/store/sqlite.ts', import.meta.url).href;
  const worker = new Worker(WORKER, { eval: true, workerData: { module, file, name, count } });
  return new Promise((resolve, reject) => {
    worker.once('error', reject);
    worker.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`worker ${name} exited ${code}`)),
    );
  });
}
