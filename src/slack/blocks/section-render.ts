import type { KnownBlock } from '@slack/types';
import type { DraftItem, SectionValue } from '../../plan/schema.ts';
import {
  evidenceFor,
  gateEvidenceText,
  type ScorecardEvidence,
  scorecardEvidenceBlocks,
} from './evidence-blocks.ts';
import { bullets, divider, esc, escShort, inlineList, labelled, NONE_LISTED } from './kit.ts';
import { fieldBlocks, LIMITS, sectionBlocks, splitMrkdwn } from './limits.ts';
import { GATE_EMOJI, STATUS_EMOJI } from './root-message.ts';

/**
 * The body blocks of each plan section (everything but the header and footer, which
 * section-message.ts adds). All model text is escaped here; our own formatting stays raw.
 */

/** Fields read well only when short; a long value becomes its own section so nothing is cut. */
const FIELD_INLINE_MAX = 300;

export function fieldsOrSections(pairs: [label: string, safeValue: string][]): KnownBlock[] {
  const fields = pairs.map(([label, value]) => labelled(label, value));
  if (pairs.every(([, value]) => value.length <= FIELD_INLINE_MAX)) return fieldBlocks(fields);
  return fields.flatMap((field) => sectionBlocks(field));
}

function paragraphs(parts: string[]): KnownBlock[] {
  return sectionBlocks(parts.length === 0 ? NONE_LISTED : parts.join('\n\n'));
}

function humanize(id: string): string {
  return id.replace(/_/g, ' ');
}

export function renderScorecard(v: SectionValue<'scorecard'>, evidence?: ScorecardEvidence): KnownBlock[] {
  const gates = v.gates.map((g) => {
    const decided = evidenceFor(evidence, g.environment);
    const status = decided?.status ?? g.status;
    const source = evidence && !decided ? ' · _model-written_' : '';
    return [
      `${GATE_EMOJI[status]} *${escShort(g.environment)}* — ${status}${source} · owner: _${escShort(g.owner_role)}_`,
      `Criteria: ${esc(g.criteria)}`,
      `Evidence: ${esc(g.evidence)}`,
      ...(decided && evidence ? [gateEvidenceText(decided, evidence.now)] : []),
    ].join('\n');
  });
  return [
    ...scorecardEvidenceBlocks(evidence),
    ...sectionBlocks(`${STATUS_EMOJI[v.overall_status]} *Overall: ${v.overall_status}*\n${esc(v.summary)}`),
    ...fieldsOrSections([
      ['Products', inlineList(v.scope.products)],
      ['Environments', inlineList(v.scope.environments)],
      ['Stakeholder impact', esc(v.scope.stakeholder_impact) || NONE_LISTED],
    ]),
    divider(),
    ...sectionBlocks('*Environment gates*'),
    ...paragraphs(gates),
    divider(),
    ...sectionBlocks(labelled('Missing dependencies', bullets(v.missing_dependencies))),
    ...sectionBlocks(labelled('Evidence gaps', bullets(v.evidence_gaps))),
  ];
}

export function renderToolchain(v: SectionValue<'toolchain'>): KnownBlock[] {
  const layers = v.layers.map((l) => `• *${humanize(l.layer)}* — ${esc(l.purpose)}`);
  const connectors = v.connectors.map((c) =>
    [
      `${c.access === 'read_only' ? '🔒' : '✏️'} *${escShort(c.system)}* · ${humanize(c.layer)} · ${c.access === 'read_only' ? 'read-only' : 'write-capable'}`,
      `Why: ${esc(c.rationale)}`,
      `Owner: _${escShort(c.owner_role)}_ · Handoff: ${esc(c.handoff)}`,
    ].join('\n'),
  );
  return [
    ...sectionBlocks(labelled('Layers', layers.length > 0 ? layers.join('\n') : NONE_LISTED)),
    divider(),
    ...sectionBlocks('*Connectors*'),
    ...paragraphs(connectors),
  ];
}

export function renderGating(v: SectionValue<'gating'>): KnownBlock[] {
  const rules = v.rules.map(
    (r) =>
      `*${humanize(r.risk_class)} risk* — approver: _${escShort(r.approver_role)}_\n${bullets(r.criteria)}`,
  );
  const exceptions = v.exceptions.map((e) =>
    [
      `*${escShort(e.situation)}*`,
      `Handling: ${esc(e.handling)}`,
      `Override requires: ${esc(e.override_requirement)}`,
      `Role: _${escShort(e.role)}_`,
    ].join('\n'),
  );
  const escalations = v.escalations.map(
    (e) => `• ${esc(e.trigger)} → _${escShort(e.escalate_to_role)}_ after ${formatHours(e.timeout_hours)}`,
  );
  return [
    ...sectionBlocks('*Gate criteria by risk class*'),
    ...paragraphs(rules),
    divider(),
    ...sectionBlocks('*Exceptions and manual overrides*'),
    ...paragraphs(exceptions),
    divider(),
    ...sectionBlocks(labelled('Escalations', escalations.length > 0 ? escalations.join('\n') : NONE_LISTED)),
  ];
}

function formatHours(hours: number): string {
  return Number.isFinite(hours) ? `${hours} h` : 'no timeout set';
}

export function renderTimeline(v: SectionValue<'timeline'>): KnownBlock[] {
  if (v.phases.length === 0) return paragraphs([]);
  return v.phases.flatMap((p, i) => {
    const tasks = p.tasks.map(
      (t) =>
        `${t.mode === 'parallelizable' ? '⇉' : '→'} ${esc(t.task)} — _${escShort(t.owner_role)}_ (${t.mode})`,
    );
    const body = [
      `*Week ${p.week} · ${escShort(p.name)}*`,
      `Goal: ${esc(p.goal)}`,
      labelled('Evidence required before the gate', bullets(p.evidence_required)),
      labelled('Tasks', tasks.length > 0 ? tasks.join('\n') : NONE_LISTED),
    ].join('\n');
    return [...(i > 0 ? [divider()] : []), ...sectionBlocks(body)];
  });
}

export function renderWritebackOverview(v: SectionValue<'writeback'>): KnownBlock[] {
  const count = v.drafts.length;
  const intro =
    `*${count} ${count === 1 ? 'draft' : 'drafts'} proposed.* Each is marked DRAFT: text for a person in the ` +
    'named role to apply by hand. Release Planner writes nothing to any system.';
  const list = v.drafts.map(
    (d) =>
      `• DRAFT · *${escShort(d.title)}* → ${escShort(d.target_system)} (${humanize(d.kind)}) · approver: _${escShort(d.approver_role)}_`,
  );
  return [...sectionBlocks(intro), ...paragraphs(list.length > 0 ? [list.join('\n')] : [])];
}

const FENCE = '```';
/** Room for the fence lines around each chunk of a code block. */
const FENCE_OVERHEAD = FENCE.length * 2 + 2;

/** Escaped content that cannot close our code block: no two backticks stay adjacent. */
export function codeSafe(text: string): string {
  return esc(text).replace(/`(?=`)/g, '`\u200B');
}

/** The draft's content as code blocks, each chunk fenced on its own so every part renders. */
function codeBlocks(content: string): KnownBlock[] {
  if (content.trim() === '') return sectionBlocks('_Empty draft._');
  const chunks = splitMrkdwn(codeSafe(content), LIMITS.sectionText - FENCE_OVERHEAD);
  return chunks.flatMap((chunk) => sectionBlocks(`${FENCE}\n${chunk}\n${FENCE}`));
}

export function renderDraft(d: DraftItem): KnownBlock[] {
  return [
    ...fieldsOrSections([
      ['Target system', escShort(d.target_system)],
      ['Kind', humanize(d.kind)],
      ['Proposed approver', escShort(d.approver_role)],
      ['Idempotency key', `\`${escShort(d.idempotency_key).replace(/`/g, "'")}\``],
    ]),
    ...codeBlocks(d.content),
    ...sectionBlocks(
      `*Re-review when:* ${esc(d.rereview_trigger) || NONE_LISTED}\n*Audit:* ${esc(d.audit_note) || NONE_LISTED}`,
    ),
  ];
}

export function renderExit(v: SectionValue<'exit'>): KnownBlock[] {
  const monitoring = v.monitoring.map((m) => `• *${escShort(m.phase)}*: ${inlineList(m.signals)}`);
  const triggers = v.status_triggers.map((t) => `${STATUS_EMOJI[t.to]} *${t.to}:* ${esc(t.condition)}`);
  const reviews = v.review_criteria.map((r) => labelled(r.checkpoint, bullets(r.criteria)));
  return [
    ...sectionBlocks(labelled('Keep going when', bullets(v.keep))),
    ...sectionBlocks(labelled('Pause when', bullets(v.pause))),
    ...sectionBlocks(labelled('Roll back when', bullets(v.rollback))),
    divider(),
    ...sectionBlocks(
      labelled('Monitoring per phase', monitoring.length > 0 ? monitoring.join('\n') : NONE_LISTED),
    ),
    ...sectionBlocks(labelled('Status triggers', triggers.length > 0 ? triggers.join('\n') : NONE_LISTED)),
    divider(),
    ...sectionBlocks('*Day-0 / day-1 / day-7 review criteria*'),
    ...paragraphs(reviews),
  ];
}
