/** Every Slack callback_id / action_id / block_id, defined once, shared by builders and listeners. */
export const COMMAND = '/release-plan';

export const CALLBACK = {
  planRequest: 'plan_request',
} as const;

/** Modal input blocks: block_id and action_id are the same string, one input per block. */
export const FIELD = {
  title: 'title',
  model: 'model',
  riskClass: 'risk_class',
  initiativeContext: 'initiative_context',
  changeScope: 'change_scope',
  evidenceChannels: 'evidence_channels',
  riskTolerance: 'risk_tolerance',
  approvalMatrix: 'approval_matrix',
  rollbackPlan: 'rollback_plan',
  options: 'options',
  safetyFirstThreshold: 'safety_first_threshold',
} as const;
export type FieldId = (typeof FIELD)[keyof typeof FIELD];

/** Checkbox option values inside FIELD.options. */
export const OPTION = {
  criticalityBands: 'criticality_bands',
  reviewCriteria: 'review_criteria',
  allowFallback: 'allow_fallback',
} as const;

export const ACTION = {
  retryPlan: 'retry_plan',
} as const;

export const BLOCK = {
  rootStatus: 'root_status',
  failure: 'plan_failure',
} as const;

/** Block ids of the root message and the section messages (Block Kit builders). */
export const ROOT_BLOCK = {
  header: 'root_header',
  fields: 'root_fields',
  gates: 'root_gates',
  usage: 'root_usage',
} as const;

export const SECTION_BLOCK = {
  header: 'section_header',
  guardNotes: 'section_guard_notes',
  footer: 'section_footer',
} as const;
