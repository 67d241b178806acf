import { canonicalJson, sha256Hex } from '../lib/canonical-json.ts';
import type { EvidenceRecord, EvidenceSnapshot, EvidenceStatus, GateEvidence } from './types.ts';

/**
 * The gate rule, by code: fail if any check fails; else unknown if any is unknown (or there is
 * none); else pass. Nothing but every check passing is a pass.
 */
export function gateStatus(statuses: readonly EvidenceStatus[]): EvidenceStatus {
  if (statuses.includes('fail')) return 'fail';
  if (statuses.length === 0 || statuses.includes('unknown')) return 'unknown';
  return 'pass';
}

/** A record as it counts at `now`: past its max_age it is unknown (stale), whatever it said. */
export function recordAt(record: EvidenceRecord, now: Date): EvidenceRecord {
  if (record.maxAgeMs === undefined || ageMs(record, now) <= record.maxAgeMs) return record;
  return { ...record, status: 'unknown', reason: 'stale' };
}

export function ageMs(record: Pick<EvidenceRecord, 'observedAt'>, now: Date): number {
  return Math.max(0, now.getTime() - Date.parse(record.observedAt));
}

/** A gate's evidence as it stands at `now` (stale records become unknown; the status follows). */
export function gateAt(gate: GateEvidence, now: Date): GateEvidence {
  const checks = gate.checks.map((r) => recordAt(r, now));
  return { ...gate, checks, status: gateStatus(checks.map((c) => c.status)) };
}

/** The snapshot as it stands at `now`. */
export function snapshotAt(snapshot: EvidenceSnapshot, now: Date): EvidenceSnapshot {
  return { ...snapshot, gates: snapshot.gates.map((g) => gateAt(g, now)) };
}

/** Gates and their records → a snapshot with its hash (of everything it holds). */
export function snapshotOf(
  gates: readonly { environment: string; checks: readonly EvidenceRecord[] }[],
  takenAt: Date,
): EvidenceSnapshot {
  const built = gates.map((g) => ({
    environment: g.environment,
    checks: [...g.checks],
    status: gateStatus(g.checks.map((c) => c.status)),
  }));
  const body = { takenAt: takenAt.toISOString(), gates: built };
  return { ...body, hash: sha256Hex(canonicalJson(body)) };
}

/** Environment (lower-cased, trimmed) → status: what the scorecard's gates must say. */
export function statusesOf(snapshot: EvidenceSnapshot): Map<string, EvidenceStatus> {
  return new Map(snapshot.gates.map((g) => [environmentKey(g.environment), g.status]));
}

export function environmentKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The policy gates whose evidence is past its max_age at `now`, with the oldest record's age. */
export function staleGates(
  snapshot: EvidenceSnapshot | undefined,
  now: Date,
): { environment: string; ageMs: number }[] {
  if (!snapshot) return [];
  return snapshot.gates.flatMap((gate) => {
    const stale = gate.checks.filter((r) => recordAt(r, now).reason === 'stale' && r.reason !== 'stale');
    if (stale.length === 0) return [];
    return [{ environment: gate.environment, ageMs: Math.max(...stale.map((r) => ageMs(r, now))) }];
  });
}
