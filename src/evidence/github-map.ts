import type { GithubChecks } from './checks.ts';
import { evidenceRecord, type RecordBase } from './records.ts';
import type { EvidenceFact, EvidenceRecord, EvidenceStatus } from './types.ts';

/**
 * GitHub check runs and commit statuses → one record (pure). Conclusions: success passes;
 * failure, timed_out, cancelled, action_required and startup_failure fail; neutral, skipped,
 * stale, an unfinished run or a pending status are unknown; a required check that reported
 * nothing is unknown; no runs and no statuses at all is unknown (no data).
 */
export interface CheckRun {
  name: string;
  status: string;
  conclusion: string | null;
  html_url?: string | null | undefined;
}
export interface CommitStatus {
  context: string;
  state: string;
  target_url?: string | null | undefined;
}

type Verdict = { status: EvidenceStatus; pending: boolean; fact: EvidenceFact };

const FAILING = new Set(['failure', 'timed_out', 'cancelled', 'action_required', 'startup_failure']);

export function runVerdict(run: CheckRun): Verdict {
  const link = run.html_url ?? undefined;
  const fact = (value: string): EvidenceFact => ({ label: run.name, value, ...(link ? { link } : {}) });
  if (run.status !== 'completed') return { status: 'unknown', pending: true, fact: fact(run.status) };
  const conclusion = run.conclusion ?? 'none';
  if (conclusion === 'success') return { status: 'pass', pending: false, fact: fact(conclusion) };
  if (FAILING.has(conclusion)) return { status: 'fail', pending: false, fact: fact(conclusion) };
  return { status: 'unknown', pending: false, fact: fact(conclusion) };
}

export function statusVerdict(s: CommitStatus): Verdict {
  const link = s.target_url ?? undefined;
  const fact: EvidenceFact = { label: s.context, value: s.state, ...(link ? { link } : {}) };
  if (s.state === 'success') return { status: 'pass', pending: false, fact };
  if (s.state === 'failure' || s.state === 'error') return { status: 'fail', pending: false, fact };
  return { status: 'unknown', pending: s.state === 'pending', fact };
}

export function githubRecord(
  base: RecordBase,
  spec: GithubChecks,
  runs: readonly CheckRun[],
  statuses: readonly CommitStatus[],
): EvidenceRecord {
  const verdicts = [...runs.map(runVerdict), ...statuses.map(statusVerdict)];
  const missing: Verdict[] = spec.required
    .filter((name) => !verdicts.some((v) => v.fact.label === name))
    .map((name) => ({ status: 'unknown', pending: false, fact: { label: name, value: 'not reported' } }));
  const considered =
    spec.required.length === 0
      ? verdicts
      : [...verdicts.filter((v) => spec.required.includes(v.fact.label)), ...missing];
  if (considered.length === 0) {
    return evidenceRecord(base, {
      status: 'unknown',
      reason: 'no_data',
      summary: 'no check runs or statuses on this commit',
    });
  }
  const failed = considered.filter((v) => v.status === 'fail');
  const unknown = considered.filter((v) => v.status === 'unknown');
  const facts = [...failed, ...unknown, ...considered.filter((v) => v.status === 'pass')].map((v) => v.fact);
  const of = `${considered.length} ${spec.required.length === 0 ? 'reported' : 'required'}`;
  if (failed.length > 0) {
    const names = failed.map((v) => v.fact.label).join(', ');
    return evidenceRecord(base, {
      status: 'fail',
      reason: 'threshold',
      summary: `${failed.length} of ${of} failed: ${names}`,
      facts,
    });
  }
  if (unknown.length > 0) {
    const names = unknown.map((v) => `${v.fact.label} (${v.fact.value})`).join(', ');
    const reason = unknown.some((v) => v.pending) ? 'pending' : 'no_data';
    return evidenceRecord(base, {
      status: 'unknown',
      reason,
      summary: `${unknown.length} of ${of} not passed: ${names}`,
      facts,
    });
  }
  return evidenceRecord(base, { status: 'pass', reason: 'ok', summary: `all ${of} succeeded`, facts });
}
