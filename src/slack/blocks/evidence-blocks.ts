import type { ActionsBlock, KnownBlock } from '@slack/types';
import { formatAge } from '../../evidence/duration.ts';
import { ageMs, environmentKey, snapshotAt } from '../../evidence/gate-rule.ts';
import type { EvidenceRecord, EvidenceSnapshot, EvidenceSource, GateEvidence } from '../../evidence/types.ts';
import { ACTION, ROOT_BLOCK, SECTION_BLOCK } from '../ids.ts';
import { encodeJson, type PlanButtonValue } from '../metadata.ts';
import { escShort, fallback, userMention } from './kit.ts';
import { type BlockMessage, LIMITS, sectionBlocks } from './limits.ts';
import { plainText } from './mrkdwn.ts';
import { slackDate } from './slack-date.ts';

/**
 * The evidence behind the policy's gates, for the scorecard and the root (pure). Everything read
 * from another system (check names, incident titles, monitor names, JQL) is escaped: it can
 * neither format nor mention. Links are shown only when they are plain http(s) URLs.
 */
const SOURCE_LABEL: Record<EvidenceSource, string> = {
  github: 'GitHub checks',
  jira: 'Jira',
  pagerduty: 'PagerDuty',
  datadog: 'Datadog monitors',
};
const GATE_EMOJI = { pass: '✅', fail: '❌', unknown: '❓' } as const;
const MAX_FACTS_SHOWN = 5;
/** The root is one message updated in place: its gate list is capped. */
const MAX_ROOT_GATES = 10;
const SAFE_URL = /^https?:\/\/[^\s<>|"]+$/;

function link(url: string | undefined, label: string): string {
  return url && SAFE_URL.test(url) && url.length <= 500 ? `<${url}|${label}>` : label;
}

function recordLines(record: EvidenceRecord, now: Date): string[] {
  const age = formatAge(ageMs(record, now));
  const max = record.maxAgeMs === undefined ? '' : ` of ${formatAge(record.maxAgeMs)}`;
  const stale =
    record.reason === 'stale' ? ` · *stale*: observed ${age} ago, older than its max age${max}` : '';
  const head = `${GATE_EMOJI[record.status]} ${link(record.link, SOURCE_LABEL[record.source])} — ${escShort(record.summary)} _(${record.reason}, observed ${slackDate(record.observedAt)})_${stale}`;
  const facts = record.facts
    .slice(0, MAX_FACTS_SHOWN)
    .map((f) => `      • ${link(f.link, escShort(f.label))}: ${escShort(f.value)}`);
  const more = record.facts.length - MAX_FACTS_SHOWN;
  return [
    head,
    ...facts,
    ...(more > 0 ? [`      • _…and ${more} more_`] : []),
    `      \`${escShort(record.query)}\``,
  ];
}

/** The text under one scorecard gate the policy defines: how it was decided, check by check. */
export function gateEvidenceText(gate: GateEvidence, now: Date): string {
  return [`_Decided by evidence: ${gate.status}_`, ...gate.checks.flatMap((r) => recordLines(r, now))].join(
    '\n',
  );
}

/** The scorecard's view of a snapshot: each policy gate as it stands now (stale ones unknown). */
export interface ScorecardEvidence {
  snapshot: EvidenceSnapshot;
  now: Date;
}

export function evidenceFor(
  view: ScorecardEvidence | undefined,
  environment: string,
): GateEvidence | undefined {
  if (!view) return undefined;
  return snapshotAt(view.snapshot, view.now).gates.find(
    (g) => environmentKey(g.environment) === environmentKey(environment),
  );
}

/** A line at the top of the scorecard: which gates code decided, when, and that the others are the model's. */
export function scorecardEvidenceBlocks(view: ScorecardEvidence | undefined): KnownBlock[] {
  if (!view) return [];
  return sectionBlocks(
    `🔬 *Gates from live evidence* (read-only, checked ${slackDate(view.snapshot.takenAt)}): ${view.snapshot.gates.map((g) => escShort(g.environment)).join(', ')}. Where the draft disagreed, the evidence wins. Other gates are model-written.`,
    SECTION_BLOCK.evidence,
  );
}

/** The root's evidence lines and its Refresh evidence button. */
export function rootEvidenceBlocks(
  planId: string,
  view: ScorecardEvidence,
  /** False once the plan takes no more decisions (expired): nothing a refresh could change. */
  refreshable = true,
): KnownBlock[] {
  const current = snapshotAt(view.snapshot, view.now);
  const lines = current.gates.slice(0, MAX_ROOT_GATES).map((g) => {
    const worst = g.checks.find((c) => c.status === g.status) ?? g.checks[0];
    return `${GATE_EMOJI[g.status]} ${escShort(g.environment)}: ${g.status}${worst ? ` — ${escShort(worst.summary)}` : ''}`;
  });
  const text = [`*Evidence* (read-only, checked ${slackDate(view.snapshot.takenAt)})`, ...lines].join('\n');
  return [...sectionBlocks(text, ROOT_BLOCK.evidence), ...(refreshable ? [refreshButton(planId)] : [])];
}

function refreshButton(planId: string): ActionsBlock {
  return {
    type: 'actions',
    block_id: ROOT_BLOCK.evidenceActions,
    elements: [
      {
        type: 'button',
        action_id: ACTION.refreshEvidence,
        text: plainText('Refresh evidence', LIMITS.buttonText),
        value: encodeJson<PlanButtonValue>({ planId }),
      },
    ],
  };
}

export interface EvidenceRefreshView {
  userId: string;
  version: number;
  /** Gates whose status the fresh evidence changed. */
  changed: readonly { environment: string; from: string; to: string }[];
  /** Items whose approvals no longer count, and how many decisions that dismissed. */
  resets: readonly { title: string; dismissed: number }[];
}

/** The thread's note on a refresh that changed a gate: what changed and whose approvals were reset. */
export function buildEvidenceRefreshMessage(view: EvidenceRefreshView): BlockMessage {
  const gates = view.changed.map(
    (c) =>
      `• ${escShort(c.environment)}: ${escShort(c.from)} → ${GATE_EMOJI[c.to as keyof typeof GATE_EMOJI] ?? ''} *${escShort(c.to)}*`,
  );
  const resets = view.resets.map(
    (r) =>
      `• ${escShort(r.title)}: approvals reset${r.dismissed > 0 ? ` (${r.dismissed} decision${r.dismissed === 1 ? '' : 's'} no longer count)` : ''}`,
  );
  const text = [
    `🔬 *Evidence refreshed* by ${userMention(view.userId)} — plan version ${view.version}`,
    ...gates,
    ...(resets.length > 0 ? ['*Approvals reset, as for any changed item:*', ...resets] : []),
  ].join('\n');
  return {
    text: fallback(`Evidence refreshed: ${view.changed.length} gate(s) changed`),
    blocks: sectionBlocks(text),
  };
}
