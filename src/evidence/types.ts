import { z } from 'zod';

/**
 * Evidence records: what a read-only system said about one check of a gate, when, and why that
 * makes the check pass, fail or unknown. Records are data (stored in the audit log, given to the
 * model as untrusted text, shown in Slack); no credential is ever part of one.
 */
export const EVIDENCE_SOURCES = ['github', 'jira', 'pagerduty', 'datadog'] as const;
export type EvidenceSource = (typeof EVIDENCE_SOURCES)[number];

export const EvidenceStatus = z.enum(['pass', 'fail', 'unknown']);
export type EvidenceStatus = z.infer<typeof EvidenceStatus>;

/** Why: `ok` (pass), `threshold` (fail), and the four ways of not knowing. */
export const EvidenceReason = z.enum(['ok', 'threshold', 'no_data', 'pending', 'error', 'stale']);
export type EvidenceReason = z.infer<typeof EvidenceReason>;

/** One value that decided a record: a check and its conclusion, an incident and its urgency, a count. */
export const EvidenceFact = z.object({
  label: z.string(),
  value: z.string(),
  link: z.string().optional(),
});
export type EvidenceFact = z.infer<typeof EvidenceFact>;

export const EvidenceRecord = z.object({
  source: z.enum(EVIDENCE_SOURCES),
  /** The exact query, secret-free: what a person can run again to see the same thing. */
  query: z.string(),
  observedAt: z.iso.datetime(),
  status: EvidenceStatus,
  reason: EvidenceReason,
  /** One line on what was seen: "1 of 2 required checks failed: build". */
  summary: z.string(),
  /** The raw values that decided it (truncated to a few). */
  facts: z.array(EvidenceFact),
  /** Where a person sees the same thing in the system itself. */
  link: z.string().optional(),
  /** How old this may get before it no longer counts (ms); none: it does not go stale. */
  maxAgeMs: z.number().int().positive().optional(),
});
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

export const GateEvidence = z.object({
  environment: z.string(),
  status: EvidenceStatus,
  checks: z.array(EvidenceRecord),
});
export type GateEvidence = z.infer<typeof GateEvidence>;

/** Every policy-defined gate's evidence at one moment, and its hash (what an approval is given on). */
export const EvidenceSnapshot = z.object({
  takenAt: z.iso.datetime(),
  hash: z.string(),
  gates: z.array(GateEvidence),
});
export type EvidenceSnapshot = z.infer<typeof EvidenceSnapshot>;

/** What a plan's request gives the checks: the commit or ref to check, the release's fix version. */
export interface EvidenceInput {
  ref?: string | undefined;
  fixVersion?: string | undefined;
}

/** The most facts a record keeps: enough to show why, small enough for a Slack line and a prompt. */
export const MAX_FACTS = 10;
