import { changedRow, type SqliteContext, timestamp } from './context.ts';
import { immediateTransaction } from './database.ts';

const INSERT_CLAIM = 'INSERT INTO claims (key, created_at) VALUES (?, ?) ON CONFLICT (key) DO NOTHING';

interface PendingClaim {
  key: string;
  at: string;
  resolve: (claimed: boolean) => void;
  reject: (error: unknown) => void;
}

export interface ClaimBatch {
  /** True when this call inserted the key's row; false when the key was claimed before. */
  claim(key: string): Promise<boolean>;
  /** Writes the claims waiting now: before the connection closes. */
  flush(): void;
}

/**
 * Group commit for one-time claims. Every command and click makes one, and written one by one each
 * was a transaction of its own: 22–27 µs of CPU a claim with 50 made in a turn, against 5–10 µs
 * sharing one transaction (issue 14, BENCHMARKS.md, bench measurement 9; a command costs about
 * 0.5 ms). The claims made during one event-loop turn are written together once the turn's I/O is
 * handled (`setImmediate`), each still answered by whether it inserted its row, so a key claimed
 * twice in one turn is claimed once. A failed write fails every claim of its batch: none of them is
 * acted on.
 */
export function claimBatch(
  ctx: SqliteContext,
  schedule: (flush: () => void) => void = setImmediate,
): ClaimBatch {
  let pending: PendingClaim[] = [];
  const flush = () => {
    const batch = pending;
    pending = [];
    if (batch.length === 0) return;
    let inserted: boolean[];
    try {
      const insert = ctx.sql(INSERT_CLAIM);
      const insertAll = () => batch.map((c) => changedRow(insert, c.key, c.at));
      // A claim alone is its own transaction: BEGIN and COMMIT would only add to it.
      inserted = batch.length === 1 ? insertAll() : immediateTransaction(ctx.db, insertAll);
    } catch (error) {
      for (const c of batch) c.reject(error);
      return;
    }
    for (const [i, c] of batch.entries()) c.resolve(inserted[i] === true);
  };
  return {
    claim(key) {
      return new Promise<boolean>((resolve, reject) => {
        if (pending.length === 0) schedule(flush);
        pending.push({ key, at: timestamp(ctx), resolve, reject });
      });
    },
    flush,
  };
}
