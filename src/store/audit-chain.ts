import { canonicalJson, sha256Hex } from '../lib/canonical-json.ts';
import type { AuditEvent } from './audit-events.ts';
import type { AuditEntry } from './port.ts';
import { jsonColumn } from './rows.ts';

/** The prevHash of the first entry: there is nothing before it to chain to. */
export const GENESIS_HASH = '0'.repeat(64);

export type UnsignedAuditEntry = Omit<AuditEntry, 'hash'>;

export type ChainBreak = 'seq_gap' | 'prev_hash_mismatch' | 'hash_mismatch';

export type ChainVerdict =
  | { ok: true; count: number }
  | { ok: false; brokenAt: number; problem: ChainBreak; reason: string };

/** The entry's own hash; it covers the previous hash, which is what chains the log. */
export function hashEntry(entry: UnsignedAuditEntry): string {
  const { seq, planId, kind, actor, data, createdAt, prevHash } = entry;
  return sha256Hex(canonicalJson({ seq, planId, kind, actor, data, createdAt, prevHash }));
}

/** Checks a whole log, in seq order from seq 1, and reports the first broken link. */
export function verifyChain(entries: readonly AuditEntry[]): ChainVerdict {
  let expectedSeq = 1;
  let expectedPrevHash = GENESIS_HASH;
  for (const entry of entries) {
    const problem = firstProblem(entry, expectedSeq, expectedPrevHash);
    if (problem) return { ok: false, brokenAt: entry.seq, ...problem };
    expectedSeq = entry.seq + 1;
    expectedPrevHash = entry.hash;
  }
  return { ok: true, count: entries.length };
}

function firstProblem(
  entry: AuditEntry,
  expectedSeq: number,
  expectedPrevHash: string,
): { problem: ChainBreak; reason: string } | undefined {
  if (entry.seq !== expectedSeq) {
    return { problem: 'seq_gap', reason: `expected seq ${expectedSeq}, found seq ${entry.seq}` };
  }
  if (entry.prevHash !== expectedPrevHash) {
    return {
      problem: 'prev_hash_mismatch',
      reason: `prevHash ${entry.prevHash} does not match the previous entry's hash ${expectedPrevHash}`,
    };
  }
  const recomputed = hashEntry(entry);
  if (entry.hash !== recomputed) {
    return {
      problem: 'hash_mismatch',
      reason: `stored hash ${entry.hash} does not match its content (${recomputed})`,
    };
  }
  return undefined;
}

/**
 * The next entry after `head` (none: the first), signed, and its data as it will be stored. The
 * hash covers what is stored and read back, not the caller's object (undefined fields…).
 */
export function linkEntry(
  head: Pick<AuditEntry, 'seq' | 'hash'> | undefined,
  event: AuditEvent,
  createdAt: string,
): { entry: AuditEntry; dataJson: string } {
  const dataJson = jsonColumn(event.data);
  const unsigned: UnsignedAuditEntry = {
    seq: (head?.seq ?? 0) + 1,
    planId: event.planId,
    kind: event.kind,
    actor: event.actor,
    data: JSON.parse(dataJson) as unknown,
    createdAt,
    prevHash: head?.hash ?? GENESIS_HASH,
  };
  return { entry: { ...unsigned, hash: hashEntry(unsigned) }, dataJson };
}

/** The audit table's columns in insert order, as both adapters write them. */
export function auditRowValues(
  entry: AuditEntry,
  dataJson: string,
): [number, string | null, string, string | null, string, string, string, string] {
  return [
    entry.seq,
    entry.planId,
    entry.kind,
    entry.actor,
    dataJson,
    entry.createdAt,
    entry.prevHash,
    entry.hash,
  ];
}
