import type { SectionValue } from '../plan/schema.ts';
import { environmentKey, snapshotAt } from './gate-rule.ts';
import type { EvidenceSnapshot, EvidenceStatus } from './types.ts';

type Scorecard = SectionValue<'scorecard'>;
type Gate = Scorecard['gates'][number];

/**
 * The evidence wins (pure): every gate the policy defines takes the status code computed from its
 * evidence, whatever the model wrote, and its evidence text says so when they disagreed; a policy
 * gate the model left out is added; the overall status is never better than the gates allow.
 * Gates the policy does not define stay as the model wrote them. Idempotent: applying a newer
 * snapshot to an already decided scorecard starts again from what the model wrote.
 */
const DECIDED = /^Evidence decided (pass|fail|unknown)(?: \(the draft said (pass|fail|unknown)\))?\. ?/;

export interface DecidedGate {
  environment: string;
  status: EvidenceStatus;
  /** What the model had written, where it differed. */
  modelSaid?: EvidenceStatus;
}

export function applyEvidence(
  card: Scorecard,
  snapshot: EvidenceSnapshot,
  ownerRole: string,
): { value: Scorecard; decided: DecidedGate[] } {
  const decided: DecidedGate[] = [];
  const gates: Gate[] = card.gates.map((gate) => {
    const drafted = asDrafted(gate);
    const evidence = snapshot.gates.find(
      (g) => environmentKey(g.environment) === environmentKey(gate.environment),
    );
    if (!evidence) return drafted;
    const disagree = drafted.status !== evidence.status;
    decided.push({
      environment: gate.environment,
      status: evidence.status,
      ...(disagree ? { modelSaid: drafted.status } : {}),
    });
    const prefix = `Evidence decided ${evidence.status}${disagree ? ` (the draft said ${drafted.status})` : ''}.`;
    return { ...drafted, status: evidence.status, evidence: `${prefix} ${drafted.evidence}`.trim() };
  });
  for (const evidence of snapshot.gates) {
    if (gates.some((g) => environmentKey(g.environment) === environmentKey(evidence.environment))) continue;
    decided.push({ environment: evidence.environment, status: evidence.status });
    gates.push({
      environment: evidence.environment,
      criteria: `Policy gate: ${evidence.checks.map((c) => c.query).join('; ')}`,
      status: evidence.status,
      evidence: `Evidence decided ${evidence.status}. ${evidence.checks.map((c) => c.summary).join('; ')}`,
      owner_role: ownerRole,
    });
  }
  return {
    value: {
      ...card,
      gates,
      overall_status: cappedOverall(
        card.overall_status,
        gates.map((g) => g.status),
      ),
    },
    decided,
  };
}

/** A gate as the model wrote it: any earlier decision taken off. */
function asDrafted(gate: Gate): Gate {
  const match = DECIDED.exec(gate.evidence);
  if (!match) return gate;
  const status = (match[2] ?? match[1]) as EvidenceStatus;
  return { ...gate, status, evidence: gate.evidence.slice(match[0].length) };
}

function cappedOverall(
  overall: Scorecard['overall_status'],
  statuses: readonly EvidenceStatus[],
): Scorecard['overall_status'] {
  if (statuses.includes('fail')) return 'red';
  if (overall === 'green' && statuses.includes('unknown')) return 'yellow';
  return overall;
}

/**
 * The overall status as it stands at `now`: evidence gone stale since (unknown) keeps a green
 * scorecard at yellow, and a failing gate keeps it red, until Refresh evidence says otherwise.
 */
export function overallAt(card: Scorecard, snapshot: EvidenceSnapshot | undefined, now: Date): Scorecard {
  if (!snapshot) return card;
  const overall = cappedOverall(
    card.overall_status,
    snapshotAt(snapshot, now).gates.map((g) => g.status),
  );
  return overall === card.overall_status ? card : { ...card, overall_status: overall };
}

/** Whether a gate's status was decided by evidence (its evidence text opens with the decision). */
export function decidedByEvidence(gate: Pick<Gate, 'evidence'>): boolean {
  return DECIDED.test(gate.evidence);
}
