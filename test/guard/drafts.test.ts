import { describe, expect, it } from 'vitest';
import { enforceDrafts } from '../../src/guard/drafts.ts';
import type { DraftItem } from '../../src/plan/schema.ts';

function draft(overrides: Partial<Omit<DraftItem, 'status'>> & { status?: string } = {}) {
  return {
    id: 'jira-epic-update',
    title: 'Release epic status update',
    target_system: 'Jira',
    kind: 'issue' as const,
    content: 'Staging gate passed. Canary starts Monday.',
    approver_role: 'SME',
    rereview_trigger: 'Any change to gate status',
    idempotency_key: 'payments-4.2/jira-epic-update',
    audit_note: 'Drafted from the scorecard.',
    status: 'DRAFT',
    ...overrides,
  };
}

describe('enforceDrafts', () => {
  it('leaves a proper draft alone', () => {
    const input = { drafts: [draft()] };
    expect(enforceDrafts(input)).toEqual({ value: input, findings: [] });
  });

  it('forces status DRAFT with a finding', () => {
    const { value, findings } = enforceDrafts({ drafts: [draft({ status: 'APPLIED' })] });
    expect(value.drafts[0]?.status).toBe('DRAFT');
    expect(findings).toEqual([{ path: 'drafts[0].status', kind: 'draft:status', excerpt: 'APPLIED' }]);
  });

  it.each([
    [
      'The Jira epic has been updated with the new dates.',
      'Proposed: The Jira epic is to be updated with the new dates.',
    ],
    ['The announcement was sent to #releases.', 'Proposed: The announcement is to be sent to #releases.'],
    [
      'Runbook changes were published and merged.',
      'Proposed: Runbook changes are to be published and merged.',
    ],
    [
      'Migration applied to production on Tuesday.',
      'Proposed: Migration to be applied to production on Tuesday.',
    ],
    [
      'I have created the Confluence page for the release.',
      'Proposed: I propose to create the Confluence page for the release.',
    ],
    [
      "We've already posted the update in #payments.",
      'Proposed: We propose to post the update in #payments.',
    ],
    ['The page is now published.', 'Proposed: The page is to be published.'],
    ['Successfully merged the config change.', 'Proposed: To be merged the config change.'],
    ['Tickets have already been filed for each team.', 'Proposed: Tickets are to be filed for each team.'],
  ])('rewrites the claim in content: %s', (content, expected) => {
    const { value, findings } = enforceDrafts({ drafts: [draft({ content })] });
    expect(value.drafts[0]?.content).toBe(expected);
    expect(value.drafts[0]?.title).toBe('Proposed: Release epic status update');
    expect(findings).toEqual([{ path: 'drafts[0].content', kind: 'draft:claimed_done', excerpt: content }]);
  });

  it.each([
    ['Posted release notes to #releases', 'Proposed: Post release notes to #releases'],
    ['Updated Jira epic', 'Proposed: Update Jira epic'],
    ['Release notes have been sent', 'Proposed: Release notes are to be sent'],
  ])('rewrites a title claim: %s', (title, expected) => {
    const { value, findings } = enforceDrafts({ drafts: [draft({ title })] });
    expect(value.drafts[0]?.title).toBe(expected);
    expect(value.drafts[0]?.content).toBe(draft().content);
    expect(findings.map((f) => f.path)).toEqual(['drafts[0].title']);
  });

  it.each([
    'Rollout steps, rollback criteria and owners for the 4.2 release.',
    'Please update the epic once the CAB approves.',
    'A new settlement status page arrives next week.',
    'Release 4.2 has been rolled out to all merchants.',
  ])('does not treat proposals or release facts as claims: %s', (content) => {
    expect(enforceDrafts({ drafts: [draft({ content })] }).findings).toEqual([]);
  });

  it('is idempotent', () => {
    const once = enforceDrafts({
      drafts: [draft({ title: 'Posted notes', content: 'The page was updated.' })],
    });
    expect(enforceDrafts(once.value)).toEqual({ value: once.value, findings: [] });
  });

  it('reports each draft by index, under an optional root', () => {
    const input = { drafts: [draft(), draft({ content: 'I sent it.' })] };
    expect(enforceDrafts(input).findings.map((f) => f.path)).toEqual(['drafts[1].content']);
    expect(enforceDrafts(input, { root: 'writeback' }).findings.map((f) => f.path)).toEqual([
      'writeback.drafts[1].content',
    ]);
  });
});
