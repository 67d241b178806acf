import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { storeContract } from './contract.ts';

storeContract('SQLite in memory', async (now) => {
  const store = openSqliteStore(':memory:', { now });
  return { store, dispose: () => store.close() };
});

storeContract('SQLite in a file', async (now) => {
  const dir = mkdtempSync(path.join(tmpdir(), 'rp-store-'));
  const store = openSqliteStore(path.join(dir, 'nested', 'store.db'), { now });
  return {
    store,
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
});
