import type { CheckSpec } from './checks.ts';
import { SOURCE_OF } from './checks.ts';
import { type EvidenceFact, type EvidenceRecord, MAX_FACTS } from './types.ts';

/** What every record of one check run shares: where it came from, the query, when. */
export interface RecordBase {
  spec: CheckSpec;
  query: string;
  observedAt: Date;
  link?: string | undefined;
}

export function evidenceRecord(
  base: RecordBase,
  outcome: Pick<EvidenceRecord, 'status' | 'reason' | 'summary'> & { facts?: readonly EvidenceFact[] },
): EvidenceRecord {
  return {
    source: SOURCE_OF[base.spec.kind],
    query: base.query,
    observedAt: base.observedAt.toISOString(),
    status: outcome.status,
    reason: outcome.reason,
    summary: outcome.summary,
    facts: (outcome.facts ?? []).slice(0, MAX_FACTS).map(shortFact),
    ...(base.link === undefined ? {} : { link: base.link }),
    ...(base.spec.maxAgeMs === undefined ? {} : { maxAgeMs: base.spec.maxAgeMs }),
  };
}

/** A check that could not be answered: unknown, never a pass and never a failure. */
export function errorRecord(base: RecordBase, message: string): EvidenceRecord {
  return evidenceRecord(base, { status: 'unknown', reason: 'error', summary: message });
}

const FACT_MAX = 200;

function shortFact(fact: EvidenceFact): EvidenceFact {
  const cut = (s: string) => (s.length > FACT_MAX ? `${s.slice(0, FACT_MAX - 1)}…` : s);
  return { ...fact, label: cut(fact.label), value: cut(fact.value) };
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}
