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
  targetStart: 'target_start',
  targetEnd: 'target_end',
  evidenceRef: 'evidence_ref',
  fixVersion: 'fix_version',
} as const;
export type FieldId = (typeof FIELD)[keyof typeof FIELD];

/** Checkbox option values inside FIELD.options. */
export const OPTION = {
  criticalityBands: 'criticality_bands',
  reviewCriteria: 'review_criteria',
  allowFallback: 'allow_fallback',
  secondModelReview: 'second_model_review',
} as const;

export const ACTION = {
  retryPlan: 'retry_plan',
  retryReview: 'retry_review',
  /** Opens the second model's notes on the gating section in a modal. */
  reviewNotes: 'review_notes',
  /** Re-runs the policy gates' evidence checks, asking the systems again (root message). */
  refreshEvidence: 'refresh_evidence',
} as const;

export const BLOCK = {
  rootStatus: 'root_status',
  failure: 'plan_failure',
  rootRetry: 'root_retry',
} as const;

/** Block ids of the root message and the section messages (Block Kit builders). */
export const ROOT_BLOCK = {
  header: 'root_header',
  fields: 'root_fields',
  gates: 'root_gates',
  usage: 'root_usage',
  approvals: 'root_approvals',
  coverage: 'root_coverage',
  freezes: 'root_freezes',
  review: 'root_review',
  approveAll: 'root_approve_all',
  evidence: 'root_evidence',
  evidenceActions: 'root_evidence_actions',
} as const;

/** "Approve all as ROLE" on the root message: one button per role with items waiting for it. */
export const APPROVE_ALL_ACTION = 'approve_all';

/** Matches every Approve all button (action ids are unique per block). */
export const APPROVE_ALL_ACTION_PATTERN = /^approve_all(?:_\d+)?$/;

export function approveAllActionId(index: number): string {
  return index === 0 ? APPROVE_ALL_ACTION : `${APPROVE_ALL_ACTION}_${index}`;
}

export const SECTION_BLOCK = {
  header: 'section_header',
  guardNotes: 'section_guard_notes',
  review: 'section_review',
  reviewRetry: 'section_review_retry',
  reviewNotes: 'section_review_notes',
  footer: 'section_footer',
  freezes: 'section_freezes',
  evidence: 'section_evidence',
} as const;

/** Approval controls on item messages, and the modals they open. */
export const REVIEW_ACTION = {
  /** The Approve button of the first open role; the others add `_<n>` (action ids are unique per block). */
  approve: 'approve_item',
  requestChanges: 'request_changes',
  viewDraft: 'view_draft',
} as const;

/** Matches every Approve button: one per open role of an item. */
export const APPROVE_ACTION_PATTERN = /^approve_item(?:_\d+)?$/;

export function approveActionId(index: number): string {
  return index === 0 ? REVIEW_ACTION.approve : `${REVIEW_ACTION.approve}_${index}`;
}

export const REVIEW_CALLBACK = {
  requestChanges: 'request_changes_modal',
  viewDraft: 'view_draft_modal',
  approveAll: 'approve_all_modal',
  reviewNotes: 'review_notes_modal',
} as const;

/** The Request changes modal's one input: block_id and action_id are the same string. */
export const REVIEW_FIELD = {
  reason: 'change_reason',
} as const;

/** Block ids of the approval controls appended to an item's last message part. */
export const REVIEW_BLOCK = {
  status: 'approval_status',
  note: 'approval_note',
  actions: 'approval_actions',
  draftText: 'draft_text',
  notice: 'approval_notice',
  summary: 'approval_summary',
  approveAllItems: 'approve_all_items',
} as const;

export const REVISION_ACTION = { retryRevision: 'retry_revision' } as const;
export const REVISION_BLOCK = {
  header: 'revision_header',
  summary: 'revision_summary',
  changes: 'revision_changes',
  resets: 'revision_resets',
  noChange: 'revision_no_change',
} as const;

/** Block ids of the App Home tab (the approver's inbox). */
export const HOME_BLOCK = {
  waiting: 'home_waiting',
  mine: 'home_mine',
  decisions: 'home_decisions',
} as const;

/** Messages of approval timeouts: a reminder (DM), an escalation (thread and DM), an expiry. */
export const TIMEOUT_BLOCK = {
  reminder: 'timeout_reminder',
  escalation: 'timeout_escalation',
  expiry: 'timeout_expiry',
} as const;
