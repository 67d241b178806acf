import type { KnownBlock } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { snapshotOf } from '../../../src/evidence/gate-rule.ts';
import type { EvidenceRecord } from '../../../src/evidence/types.ts';
import {
  buildEvidenceRefreshMessage,
  gateEvidenceText,
  rootEvidenceBlocks,
  scorecardEvidenceBlocks,
} from '../../../src/slack/blocks/evidence-blocks.ts';
import { buildPlanRequestModal } from '../../../src/slack/blocks/evidence-inputs.ts';
import { buildSectionMessages } from '../../../src/slack/blocks/section-message.ts';
import { ACTION, FIELD, ROOT_BLOCK } from '../../../src/slack/ids.ts';
import { samplePlan } from '../../fakes/plan-fixture.ts';
import { CHOICES } from '../../fakes/service-deps.ts';
import { checkMessage, checkModal } from './check.ts';

const AT = new Date('2026-11-30T09:00:00Z');
const hostile: EvidenceRecord = {
  source: 'pagerduty',
  query: 'GET /incidents?service_ids[]=P1ABCD2&statuses[]=triggered',
  observedAt: AT.toISOString(),
  status: 'fail',
  reason: 'threshold',
  summary: '1 open high-urgency incident on Ingest <!here>',
  facts: [
    {
      label: 'DB down <!channel> <@U0CTO1> <https://evil.example|click> *bold*',
      value: 'triggered, high urgency',
      link: 'https://acme.pagerduty.example/incidents/Q1',
    },
    { label: 'bad link', value: 'x', link: 'javascript:alert(1)|<!here>' },
  ],
  link: 'https://acme.pagerduty.example/incidents',
};
const stale: EvidenceRecord = {
  source: 'datadog',
  query: 'GET /api/v1/monitor?monitor_tags=env:staging',
  observedAt: AT.toISOString(),
  status: 'pass',
  reason: 'ok',
  summary: 'all 2 monitors OK',
  facts: [],
  maxAgeMs: 15 * 60_000,
};
const snapshot = snapshotOf(
  [
    { environment: 'production', checks: [hostile] },
    { environment: 'staging', checks: [stale] },
  ],
  AT,
);

function allText(blocks: readonly KnownBlock[]): string {
  return JSON.stringify(blocks);
}

describe('evidence in Slack', () => {
  it('untrusted text from other systems can neither mention nor link', () => {
    const text = gateEvidenceText(
      snapshot.gates[0] ?? { environment: '', status: 'unknown', checks: [] },
      AT,
    );
    expect(text).not.toMatch(/<!here>|<!channel>|<@U0CTO1>|<https:\/\/evil/);
    expect(text).toContain('&lt;!channel&gt;');
    expect(text).toContain('<https://acme.pagerduty.example/incidents/Q1|');
    expect(text).not.toContain('javascript:');
  });

  it('a record past its max_age shows unknown (stale) with its age, on the scorecard and the root', () => {
    const later = new Date(AT.getTime() + 20 * 60_000);
    const card = buildSectionMessages(
      { key: 'scorecard', value: samplePlan().scorecard },
      {
        planId: 'p',
        version: 1,
        index: 0,
        evidence: { snapshot, now: later },
      },
    );
    const text = allText(card.flatMap((m) => m.blocks));
    expect(text).toContain('❓ *staging* — unknown');
    expect(text).toMatch(/stale\*: observed 20 min ago/);
    expect(text).toContain('❌ *production* — fail');
    expect(text).toContain('_model-written_');
    for (const m of card) expect(checkMessage(m)).toEqual([]);
    const root = allText(
      rootEvidenceBlocks('0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69', { snapshot, now: later }),
    );
    expect(root).toContain('❓ staging: unknown');
    expect(root).toContain(ACTION.refreshEvidence);
    // When it was checked is a Slack date (each reader's time zone), never an age frozen at posting.
    expect(root).toContain(`checked <!date^${AT.getTime() / 1000}^`);
    expect(text).toContain(`observed <!date^${AT.getTime() / 1000}^`);
    expect(text).toMatch(/older than its max age of 15 min/);
    expect(root).toContain(ROOT_BLOCK.evidence);
    const expired = JSON.stringify(
      rootEvidenceBlocks('0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69', { snapshot, now: later }, false),
    );
    // An expired plan takes no more decisions: its evidence stays, with nothing to refresh.
    expect(expired).toContain('❓ staging: unknown');
    expect(expired).not.toContain(ACTION.refreshEvidence);
  });

  it('without a snapshot the scorecard is as before (no evidence line, no model-written marks)', () => {
    expect(scorecardEvidenceBlocks(undefined)).toEqual([]);
    const card = buildSectionMessages(
      { key: 'scorecard', value: samplePlan().scorecard },
      { planId: 'p', version: 1, index: 0 },
    );
    expect(allText(card.flatMap((m) => m.blocks))).not.toContain('model-written');
  });

  it('the refresh note names the changed gates and the reset approvals, escaped', () => {
    const message = buildEvidenceRefreshMessage({
      userId: 'U0SRE1',
      version: 3,
      changed: [{ environment: 'prod <!here>', from: 'fail', to: 'pass' }],
      resets: [{ title: '1/6 · Release Readiness Scorecard', dismissed: 2 }],
    });
    const text = allText(message.blocks);
    expect(text).toContain('<@U0SRE1>');
    expect(text).toContain('prod &lt;!here&gt;: fail → ✅ *pass*');
    expect(text).toContain('2 decisions no longer count');
    expect(checkMessage(message)).toEqual([]);
  });

  it('the request form asks for the commit and fix version only where the gates use them', () => {
    const base = { choices: CHOICES, initial: {}, matrixHint: 'm', privateMetadata: '{}' };
    const both = buildPlanRequestModal({ ...base, evidence: { ref: true, fixVersion: true } });
    const ids = both.blocks.map((b) => b.block_id);
    expect(ids).toContain(FIELD.evidenceRef);
    expect(ids.indexOf(FIELD.fixVersion)).toBe(ids.indexOf(FIELD.options) - 1);
    expect(checkModal(both)).toEqual([]);
    const none = buildPlanRequestModal({ ...base, evidence: { ref: false, fixVersion: false } });
    expect(none.blocks.map((b) => b.block_id)).not.toContain(FIELD.evidenceRef);
  });
});
