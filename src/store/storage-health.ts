import { randomUUID } from 'node:crypto';
import { deliveryClaimKey } from './claim-retention.ts';
import { StoreError } from './errors.ts';
import type { Store } from './port.ts';

/** SQLite result codes (node:sqlite `errcode`) that mean the file cannot be written. */
const SQLITE_STORAGE = new Map<number, string>([
  [8, 'read-only'],
  [10, 'I/O error'],
  [13, 'disk full'],
  [14, 'cannot open the file'],
]);
/** PostgreSQL SQLSTATEs that mean the server cannot write. */
const POSTGRES_STORAGE = new Map<string, string>([
  ['53100', 'disk full'],
  ['53200', 'out of memory'],
  ['58030', 'I/O error'],
  ['25006', 'read-only transaction'],
]);

/** A database error that means "cannot write right now", as a StoreError; undefined for others. */
export function storageFailure(err: unknown): StoreError | undefined {
  if (err instanceof StoreError) return undefined;
  const { errcode, code } = (err ?? {}) as { errcode?: unknown; code?: unknown };
  const what =
    (typeof errcode === 'number' ? SQLITE_STORAGE.get(errcode) : undefined) ??
    (typeof code === 'string' ? POSTGRES_STORAGE.get(code) : undefined);
  if (!what) return undefined;
  const detail = err instanceof Error ? err.message : String(err);
  return new StoreError('storage_failed', `the database cannot save (${what}): ${detail}`, { cause: err });
}

const WRITES = /^(create|set|save|record|delete|append|answer|reopen|acquire|release|claim|with)/;

/**
 * The store with storage failures named (StoreError `storage_failed`) and remembered: after a write
 * failed that way, ping() fails too (readiness turns false) until a fresh write succeeds again — a
 * full disk still answers reads, so a read alone would report a replica ready that cannot save.
 */
export function withStorageHealth(store: Store): Store {
  let failing: StoreError | undefined;
  const guarded: Record<string, unknown> = {};
  for (const [name, method] of Object.entries(store) as [string, (...args: unknown[]) => unknown][]) {
    if (typeof method !== 'function') continue;
    guarded[name] = async (...args: unknown[]) => {
      try {
        const result = await method.apply(store, args);
        if (WRITES.test(name)) failing = undefined;
        return result;
      } catch (err) {
        const failure = storageFailure(err);
        if (failure) failing = failure;
        throw failure ?? err;
      }
    };
  }
  return {
    ...(guarded as unknown as Store),
    stats: () => store.stats(),
    async ping() {
      try {
        await store.ping();
      } catch (err) {
        throw storageFailure(err) ?? err;
      }
      if (!failing) return;
      // A new row needs new space, which is what failed.
      try {
        await store.claimOnce(deliveryClaimKey('health', randomUUID()));
        failing = undefined;
      } catch (err) {
        throw storageFailure(err) ?? err;
      }
    },
  };
}
