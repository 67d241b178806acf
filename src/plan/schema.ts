import { z } from 'zod';

/**
 * The plan's zod schema is the single source for the model's JSON schema (both SDKs' zod helpers),
 * for validation of each streamed section, and for the TypeScript types.
 * OpenAI strict mode: every property required, no records, no transforms, keys in this order —
 * which is also the order in which sections stream and are posted.
 */

export const RISK_CLASSES = ['low', 'medium', 'high'] as const;
export const RiskClass = z.enum(RISK_CLASSES);
export type RiskClass = z.infer<typeof RiskClass>;
export const RISK_LABEL: Record<RiskClass, string> = { low: 'Low', medium: 'Medium', high: 'High' };

export const OverallStatus = z.enum(['green', 'yellow', 'red']);
export type OverallStatus = z.infer<typeof OverallStatus>;

export const GateStatus = z.enum(['pass', 'fail', 'unknown']);
export type GateStatus = z.infer<typeof GateStatus>;

const text = z.string();
const role = z.string().describe('The role (from the approval matrix) that carries this out');

export const ScorecardSection = z.object({
  summary: text.describe('Two or three sentences on overall readiness'),
  scope: z.object({
    products: z.array(text),
    environments: z.array(text),
    stakeholder_impact: text,
  }),
  gates: z.array(
    z.object({
      environment: text,
      criteria: text.describe('The decision criteria for passing this gate'),
      status: GateStatus,
      evidence: text.describe('The evidence the status rests on, or what is missing'),
      owner_role: role,
    }),
  ),
  missing_dependencies: z.array(text),
  evidence_gaps: z.array(text),
  overall_status: OverallStatus,
});

export const TOOLCHAIN_LAYERS = ['intake', 'validation', 'draft_update', 'approval', 'writeback'] as const;
export const ToolchainLayer = z.enum(TOOLCHAIN_LAYERS);

export const ToolchainSection = z.object({
  layers: z.array(z.object({ layer: ToolchainLayer, purpose: text })),
  connectors: z.array(
    z.object({
      system: text,
      layer: ToolchainLayer,
      access: z.enum(['read_only', 'write_capable']),
      rationale: text,
      owner_role: role,
      handoff: text.describe('Who hands off to whom, and how'),
    }),
  ),
});

export const GatingSection = z.object({
  rules: z.array(
    z.object({
      risk_class: RiskClass,
      criteria: z.array(text),
      approver_role: role,
    }),
  ),
  exceptions: z.array(
    z.object({
      situation: text,
      handling: text,
      override_requirement: text,
      role,
    }),
  ),
  escalations: z.array(
    z.object({
      trigger: text,
      escalate_to_role: role,
      timeout_hours: z.number(),
    }),
  ),
});

export const TimelineSection = z.object({
  phases: z.array(
    z.object({
      week: z.number().int(),
      name: text.describe('e.g. Pilot, Hardening, Expansion'),
      goal: text,
      evidence_required: z.array(text).describe('Evidence required before the gate that ends this phase'),
      tasks: z.array(
        z.object({
          task: text,
          owner_role: role,
          mode: z.enum(['parallelizable', 'sequential']),
        }),
      ),
    }),
  ),
});

export const DraftItem = z.object({
  id: text.describe('Short stable identifier, e.g. "jira-epic-update"'),
  title: text,
  target_system: text,
  kind: z.enum(['issue', 'doc_page', 'comms']),
  content: text.describe('The proposed text, for a person to apply by hand'),
  approver_role: role,
  rereview_trigger: text,
  idempotency_key: text,
  audit_note: text,
  status: z.literal('DRAFT'),
});
export type DraftItem = z.infer<typeof DraftItem>;

export const WritebackSection = z.object({
  drafts: z.array(DraftItem),
});

export const ExitSection = z.object({
  keep: z.array(text),
  pause: z.array(text),
  rollback: z.array(text),
  monitoring: z.array(z.object({ phase: text, signals: z.array(text) })),
  status_triggers: z.array(z.object({ to: OverallStatus, condition: text })),
  review_criteria: z.array(
    z.object({
      checkpoint: z.enum(['day-0', 'day-1', 'day-7']),
      criteria: z.array(text),
    }),
  ),
});

export const SECTION_KEYS = ['scorecard', 'toolchain', 'gating', 'timeline', 'writeback', 'exit'] as const;
export type SectionKey = (typeof SECTION_KEYS)[number];

export const SECTION_TITLES: Record<SectionKey, string> = {
  scorecard: 'Release Readiness Scorecard',
  toolchain: 'Toolchain Layout',
  gating: 'Change Gating Rules',
  timeline: 'Execution Timeline',
  writeback: 'Draft Writeback Bundle',
  exit: 'Control and Exit Criteria',
};

export const SECTION_SCHEMAS = {
  scorecard: ScorecardSection,
  toolchain: ToolchainSection,
  gating: GatingSection,
  timeline: TimelineSection,
  writeback: WritebackSection,
  exit: ExitSection,
} as const;

export const Plan = z.object(SECTION_SCHEMAS);
export type Plan = z.infer<typeof Plan>;

export type SectionValue<K extends SectionKey> = z.infer<(typeof SECTION_SCHEMAS)[K]>;
export type Section = { [K in SectionKey]: { key: K; value: SectionValue<K> } }[SectionKey];

export function isSectionKey(key: unknown): key is SectionKey {
  return typeof key === 'string' && (SECTION_KEYS as readonly string[]).includes(key);
}

/** Validates one streamed top-level value against its own section schema. */
export function parseSection(key: SectionKey, value: unknown): Section {
  return { key, value: SECTION_SCHEMAS[key].parse(value) } as Section;
}
