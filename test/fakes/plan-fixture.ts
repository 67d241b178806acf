import type { PlanRequest } from '../../src/plan/request.ts';
import type { Plan } from '../../src/plan/schema.ts';

/**
 * A realistic, schema-valid plan for a payments-service release: what a good model answer looks
 * like. Plain prose only — no shell commands, no secrets — so guardrails leave it untouched.
 * `overrides` replace whole sections.
 */
export function samplePlan(overrides: Partial<Plan> = {}): Plan {
  return { ...basePlan(), ...overrides };
}

function basePlan(): Plan {
  return {
    scorecard: {
      summary:
        'The payments-service 4.2 release is ready for staging and canary. Production is blocked until the ' +
        'settlement reconciliation evidence is attached and the fraud team signs off on the new retry policy.',
      scope: {
        products: ['payments-service', 'checkout web', 'merchant dashboard'],
        environments: ['staging', 'canary', 'production'],
        stakeholder_impact:
          'Merchants see a new settlement status page; checkout latency must stay within the current SLO; ' +
          'support needs updated macros for delayed refunds.',
      },
      gates: [
        {
          environment: 'staging',
          criteria:
            'All contract tests green, payment provider sandbox round-trip passes, no open P1 defects.',
          status: 'pass',
          evidence: 'CI run for the release branch is green; sandbox report attached to the release epic.',
          owner_role: 'SME',
        },
        {
          environment: 'canary',
          criteria:
            'Five percent of traffic for 24 hours with error rate below 0.1% and p95 latency under 300 ms.',
          status: 'unknown',
          evidence: 'Canary dashboard exists but the 24-hour window has not started yet.',
          owner_role: 'SRE lead',
        },
        {
          environment: 'production',
          criteria: 'Canary gate passed, reconciliation report matched, fraud team approval recorded.',
          status: 'fail',
          evidence: 'Settlement reconciliation report for the last cycle is missing.',
          owner_role: 'CTO',
        },
      ],
      missing_dependencies: [
        'Fraud team review of the new retry policy',
        'Ledger service 3.8 deployed to production first',
      ],
      evidence_gaps: [
        'Settlement reconciliation report for the last cycle',
        'Load test results at peak volume',
      ],
      overall_status: 'yellow',
    },
    toolchain: {
      layers: [
        { layer: 'intake', purpose: 'Collect the release request and link the epic and change ticket.' },
        { layer: 'validation', purpose: 'Read CI results, dashboards and open defects as gate evidence.' },
        { layer: 'draft_update', purpose: 'Prepare draft updates to the epic, the runbook page and comms.' },
        { layer: 'approval', purpose: 'Collect approvals by role in the Slack thread.' },
        { layer: 'writeback', purpose: 'A named person applies approved drafts by hand in each system.' },
      ],
      connectors: [
        {
          system: 'Jira',
          layer: 'validation',
          access: 'read_only',
          rationale: 'Gate evidence comes from issue status; the bot never edits tickets.',
          owner_role: 'SME',
          handoff: 'The SME reviews the drafted epic update and applies it in Jira.',
        },
        {
          system: 'Confluence',
          layer: 'writeback',
          access: 'write_capable',
          rationale: 'The release runbook page is updated after approval, by a person with edit rights.',
          owner_role: 'SRE lead',
          handoff: 'The SRE lead copies the approved runbook draft into the page and records the version.',
        },
        {
          system: 'Slack',
          layer: 'approval',
          access: 'read_only',
          rationale: 'Approvals happen through buttons in the plan thread.',
          owner_role: 'SRE lead',
          handoff: 'Approvers act in the thread; the bot records who decided and when.',
        },
        {
          system: 'CI',
          layer: 'validation',
          access: 'read_only',
          rationale: 'Build and test results are evidence for the staging gate.',
          owner_role: 'SME',
          handoff: 'The SME links the CI run in the staging gate evidence.',
        },
      ],
    },
    gating: {
      rules: [
        {
          risk_class: 'low',
          criteria: ['Automated tests green', 'No change to payment flows'],
          approver_role: 'SME',
        },
        {
          risk_class: 'medium',
          criteria: ['Canary window completed', 'Rollback rehearsed in staging'],
          approver_role: 'SRE lead',
        },
        {
          risk_class: 'high',
          criteria: ['Reconciliation matched', 'Fraud team approval', 'Change window agreed with support'],
          approver_role: 'CTO',
        },
      ],
      exceptions: [
        {
          situation: 'A regulatory deadline requires release before the canary window ends.',
          handling: 'Shorten the canary to 6 hours with doubled monitoring.',
          override_requirement: 'Written approval from the CTO in the plan thread.',
          role: 'CTO',
        },
      ],
      escalations: [
        {
          trigger: 'Canary error rate above 0.1% for 15 minutes',
          escalate_to_role: 'SRE lead',
          timeout_hours: 1,
        },
        {
          trigger: 'No approval decision within the change window',
          escalate_to_role: 'CTO',
          timeout_hours: 24,
        },
      ],
    },
    timeline: {
      phases: [
        {
          week: 1,
          name: 'Pilot',
          goal: 'Deploy to staging and run the canary on five percent of traffic.',
          evidence_required: ['Staging gate evidence', 'Canary dashboard link'],
          tasks: [
            { task: 'Run the sandbox round-trip suite', owner_role: 'SME', mode: 'parallelizable' },
            { task: 'Prepare the canary dashboard', owner_role: 'SRE lead', mode: 'parallelizable' },
          ],
        },
        {
          week: 2,
          name: 'Hardening',
          goal: 'Close evidence gaps and rehearse rollback.',
          evidence_required: ['Reconciliation report', 'Load test results'],
          tasks: [
            { task: 'Rehearse rollback in staging', owner_role: 'SRE lead', mode: 'sequential' },
            { task: 'Collect the fraud team review', owner_role: 'SME', mode: 'parallelizable' },
          ],
        },
        {
          week: 3,
          name: 'Expansion',
          goal: 'Roll out to all production traffic in three steps.',
          evidence_required: ['Production gate approval by the CTO'],
          tasks: [
            {
              task: 'Increase traffic to 25, 50 and 100 percent',
              owner_role: 'SRE lead',
              mode: 'sequential',
            },
            { task: 'Publish merchant comms', owner_role: 'SME', mode: 'parallelizable' },
          ],
        },
      ],
    },
    writeback: {
      drafts: [
        {
          id: 'jira-epic-update',
          title: 'Release epic status update',
          target_system: 'Jira',
          kind: 'issue',
          content:
            'Staging gate passed. Canary starts Monday. Production blocked on reconciliation evidence.',
          approver_role: 'SME',
          rereview_trigger: 'Any change to gate status',
          idempotency_key: 'payments-4.2/jira-epic-update',
          audit_note: 'Drafted from the readiness scorecard; to be applied by the SME.',
          status: 'DRAFT',
        },
        {
          id: 'confluence-runbook',
          title: 'Payments 4.2 release runbook',
          target_system: 'Confluence',
          kind: 'doc_page',
          content: 'Rollout steps, rollback criteria and owners for the payments-service 4.2 release.',
          approver_role: 'SRE lead',
          rereview_trigger: 'Any change to rollback criteria',
          idempotency_key: 'payments-4.2/confluence-runbook',
          audit_note: 'Drafted from the timeline and exit criteria; applied by the SRE lead.',
          status: 'DRAFT',
        },
        {
          id: 'slack-merchant-comms',
          title: 'Merchant announcement',
          target_system: 'Slack',
          kind: 'comms',
          content: 'A new settlement status page arrives next week. No action is needed from merchants.',
          approver_role: 'CTO',
          rereview_trigger: 'Any change to the release date',
          idempotency_key: 'payments-4.2/slack-merchant-comms',
          audit_note: 'Drafted for the merchant success channel; posted by a person after approval.',
          status: 'DRAFT',
        },
      ],
    },
    exit: {
      keep: ['Error rate below 0.1%', 'p95 latency under 300 ms', 'Reconciliation matches daily'],
      pause: ['Error rate between 0.1% and 0.5%', 'Support tickets about refunds double'],
      rollback: ['Error rate above 0.5% for 10 minutes', 'Any settlement mismatch'],
      monitoring: [
        { phase: 'Pilot', signals: ['Canary error rate', 'Canary latency'] },
        { phase: 'Expansion', signals: ['Settlement mismatches', 'Refund ticket volume'] },
      ],
      status_triggers: [
        { to: 'yellow', condition: 'Any gate is unknown for more than two days' },
        { to: 'red', condition: 'A rollback criterion is met' },
      ],
      review_criteria: [
        {
          checkpoint: 'day-0',
          criteria: ['Deployment finished without manual steps', 'Dashboards show traffic'],
        },
        { checkpoint: 'day-1', criteria: ['Error budget consumption under 5%', 'No settlement mismatch'] },
        {
          checkpoint: 'day-7',
          criteria: ['Reconciliation clean for a full week', 'Support volume back to normal'],
        },
      ],
    },
  };
}

/** A valid request (the modal's planning variables) for the same payments release. */
export function sampleRequest(overrides: Partial<PlanRequest> = {}): PlanRequest {
  return {
    title: 'Payments v2 rollout',
    modelChoice: 'openai:gpt-test',
    initiativeContext: 'Move checkout to the v2 payments API before the holiday freeze.',
    changeScope: 'staging, canary, production; payments-api, checkout-web',
    evidenceChannels: 'Jira, CI, Confluence, Slack',
    riskTolerance: 'Medium risk; rollback within 15 minutes',
    approvalMatrix: 'low: SME; medium: SRE lead; high: SRE lead and CTO',
    rollbackPlan: 'Flip the payments_v2 flag off; SRE on call owns it.',
    riskClass: 'medium',
    options: {
      criticalityBands: true,
      reviewCriteria: true,
      safetyFirstThreshold: 'high',
      allowFallback: false,
      secondModelReview: false,
    },
    ...overrides,
  };
}
