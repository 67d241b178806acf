import { z } from 'zod';
import { RiskClass } from './schema.ts';

/** When the change is meant to ship: a start and an optional end (exclusive), instants in ISO form. */
export const TargetRequest = z
  .object({ start: z.iso.datetime({ offset: true }), end: z.iso.datetime({ offset: true }).optional() })
  .refine((t) => t.end === undefined || Date.parse(t.end) > Date.parse(t.start), {
    error: 'The end must be after the start.',
    path: ['end'],
  });
export type TargetRequest = z.infer<typeof TargetRequest>;

/** A commit sha, branch or tag: what GitHub accepts as a ref, nothing that could carry a query. */
export const GIT_REF = /^[A-Za-z0-9][A-Za-z0-9._/-]{0,199}$/;

/** What the policy's evidence-backed gates check: the commit or ref, and the release's fix version. */
export const EvidenceRequest = z.object({
  ref: z.string().regex(GIT_REF).optional(),
  fixVersion: z.string().min(1).max(100).optional(),
});
export type EvidenceRequest = z.infer<typeof EvidenceRequest>;

/** What the requester asked for: the modal's planning variables, validated. */
export const PlanRequest = z.object({
  title: z.string().min(1).max(150),
  modelChoice: z.string().min(1),
  initiativeContext: z.string().min(1),
  changeScope: z.string().min(1),
  evidenceChannels: z.string().min(1),
  riskTolerance: z.string().min(1),
  approvalMatrix: z.string().min(1),
  rollbackPlan: z.string().min(1),
  riskClass: RiskClass,
  /** Optional target window; absent on plans requested before the form asked for one. */
  target: TargetRequest.optional(),
  /** For the policy's evidence-backed gates; absent when the form did not ask. */
  evidence: EvidenceRequest.optional(),
  options: z.object({
    criticalityBands: z.boolean(),
    reviewCriteria: z.boolean(),
    safetyFirstThreshold: RiskClass.nullable(),
    /** If the chosen provider keeps failing, the other configured provider may draft the plan. */
    allowFallback: z.boolean().default(false),
    /** A second model reviews the gating rules (always, for the policy's review.risk_classes). */
    secondModelReview: z.boolean().default(false),
  }),
});
export type PlanRequest = z.infer<typeof PlanRequest>;
