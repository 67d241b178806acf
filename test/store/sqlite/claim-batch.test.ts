import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimBatch } from '../../../src/store/sqlite/claim-batch.ts';
import type { SqliteContext } from '../../../src/store/sqlite/context.ts';
import { MEMORY, openDatabase, statementCache } from '../../../src/store/sqlite/database.ts';
import { migrate } from '../../../src/store/sqlite/migrations.ts';
import { openSqliteStore } from '../../../src/store/sqlite.ts';

const NOW = new Date('2026-11-30T12:00:00.000Z');

let db: DatabaseSync;
let scheduled: (() => void)[];

function context(): SqliteContext {
  return { db, sql: statementCache(db), now: () => NOW, newId: () => 'id' };
}

/** Flushes as the event loop would once the turn's I/O is handled. */
function endTurn(): void {
  for (const flush of scheduled.splice(0)) flush();
}

function claimRows(): unknown[] {
  return db.prepare('SELECT key, created_at FROM claims ORDER BY key').all();
}

beforeEach(() => {
  db = openDatabase(MEMORY, 1_000);
  migrate(db);
  scheduled = [];
});
afterEach(() => {
  if (db.isOpen) db.close();
});

describe('claimBatch', () => {
  it('writes the claims of one turn together, once the turn is done, and answers each', async () => {
    const claims = claimBatch(context(), (flush) => scheduled.push(flush));
    const answers = Promise.all([
      claims.claim('command:T1'),
      claims.claim('command:T2'),
      claims.claim('command:T1'),
    ]);
    expect(scheduled).toHaveLength(1);
    expect(claimRows()).toEqual([]);
    endTurn();
    expect(await answers).toEqual([true, true, false]);
    expect(claimRows()).toEqual([
      { key: 'command:T1', created_at: NOW.toISOString() },
      { key: 'command:T2', created_at: NOW.toISOString() },
    ]);
  });

  it('answers false for a key claimed in an earlier turn', async () => {
    const claims = claimBatch(context(), (flush) => scheduled.push(flush));
    const first = claims.claim('action:T1:1.1');
    endTurn();
    expect(await first).toBe(true);
    const again = claims.claim('action:T1:1.1');
    expect(scheduled).toHaveLength(1);
    endTurn();
    expect(await again).toBe(false);
  });

  it('fails every claim of a batch when its write fails, and writes none of them', async () => {
    const claims = claimBatch(context(), (flush) => scheduled.push(flush));
    db.exec(
      "CREATE TRIGGER no_claims BEFORE INSERT ON claims WHEN NEW.key = 'command:bad' BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    );
    const answers = [claims.claim('command:ok'), claims.claim('command:bad')].map((p) =>
      p.then(
        (claimed) => ({ claimed }),
        (error: Error) => ({ error: error.message }),
      ),
    );
    endTurn();
    expect(await Promise.all(answers)).toEqual([{ error: 'disk full' }, { error: 'disk full' }]);
    expect(claimRows()).toEqual([]);
    expect(db.isTransaction).toBe(false);
  });

  it('is used by the SQLite store, which writes waiting claims before it closes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'rp-claims-'));
    try {
      const file = path.join(dir, 'store.db');
      const store = openSqliteStore(file);
      const claimed = store.claimOnce('command:T9');
      await store.close();
      expect(await claimed).toBe(true);
      const reopened = openSqliteStore(file);
      expect(await reopened.claimOnce('command:T9')).toBe(false);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
