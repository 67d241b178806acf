import type { DecisionRecord } from '../approval/decisions.ts';
import { hashesOf, type PlanItem, planItems } from '../approval/items.ts';
import { responsibleRole } from '../approval/requirements.ts';
import { dismissedDecisions, staleItems } from '../approval/state.ts';
import { guardValueThorough } from '../guard/section.ts';
import { ModelError } from '../llm/port.ts';
import { compareHashes, DEFAULT_LINE_LIMITS, lineChanges } from '../plan/diff.ts';
import { guardSection } from '../plan/guard-section.ts';
import { contentHash } from '../plan/hash.ts';
import type { ModelChoice } from '../plan/model.ts';
import type { PlanRecord, SectionRecord } from '../plan/record.ts';
import {
  buildRevisionPrompt,
  keepReviewCriteria,
  PlanRevision,
  REVISION_SCHEMA_NAME,
} from '../plan/revision.ts';
import {
  ExitSection,
  parseSection,
  SECTION_KEYS,
  SECTION_TITLES,
  type Section,
  type SectionKey,
} from '../plan/schema.ts';
import {
  buildNoChangeMessage,
  buildRevisionFailureMessage,
  buildRevisionMessage,
  type ResetView,
  type SectionChangeView,
} from '../slack/blocks/revision-message.ts';
import { itemHistory } from './approvals/load.ts';
import type { ServiceDeps } from './deps.ts';
import { callModel } from './model-call.ts';
import { notifyUser } from './notify.ts';
import { publishItems, removeExtraParts } from './plan-messages.ts';
import { renderSection } from './render.ts';
import type { Feedback } from './revision-feedback.ts';
import { refreshRoot } from './root.ts';

/** A revised section that differs from the current one, with what the guard removed from it. */
interface ChangedSection {
  section: Section;
  notes: string[];
}

interface NextVersion {
  records: SectionRecord[];
  changed: ChangedSection[];
  summary: string;
}

/**
 * Applies one piece of feedback to the plan's current version: the model returns only the sections
 * it changes; those pass the same guards as any model output; the changed ones become version N+1.
 * A model failure leaves the current version as it is and says so in the thread, with Retry.
 */
export async function runRevision(deps: ServiceDeps, feedback: Feedback): Promise<void> {
  const plan = await deps.store.getPlan(feedback.planId);
  if (!plan?.rootTs) return;
  const current = await deps.store.listSections(plan.id, plan.version);
  if (plan.status !== 'ready' || current.length < SECTION_KEYS.length) {
    await notifyNotReady(deps, plan, feedback);
    return;
  }
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  if (!choice) {
    const gone = new ModelError('api_error', `Model ${plan.request.modelChoice} is no longer configured.`);
    await failRevision(deps, plan, feedback, gone);
    return;
  }
  let next: NextVersion;
  try {
    next = await nextVersion(
      deps,
      plan,
      current,
      await requestRevision(deps, plan, choice, current, feedback),
    );
  } catch (err) {
    await failRevision(deps, plan, feedback, err);
    return;
  }
  if (next.changed.length === 0) {
    await reportNoChange(deps, plan, feedback, next.summary);
    return;
  }
  await applyRevision(deps, plan, feedback, current, next);
}

/** The model call: the request and the current plan as the cacheable prefix, the feedback after. */
async function requestRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  current: readonly SectionRecord[],
  feedback: Feedback,
): Promise<PlanRevision> {
  const prompt = buildRevisionPrompt({
    request: plan.request,
    version: plan.version,
    sections: sectionContents(current),
    feedback: feedback.text,
    originalChars: feedback.originalChars,
  });
  const result = await callModel(deps, plan, choice, 'revision', {
    system: prompt.system,
    prefix: prompt.prefix,
    prompt: prompt.prompt,
    schema: PlanRevision,
    schemaName: REVISION_SCHEMA_NAME,
    // Shared with the plan's first generation: the system prompt and request open both prompts.
    cacheKey: `release-plan:${plan.id}`,
  });
  return result.value;
}

function sectionContents(records: readonly SectionRecord[]): Record<SectionKey, unknown> {
  return Object.fromEntries(records.map((r) => [r.key, r.content])) as Record<SectionKey, unknown>;
}

/** Guards every returned section and keeps only those whose guarded content hash differs. */
async function nextVersion(
  deps: ServiceDeps,
  plan: PlanRecord,
  current: readonly SectionRecord[],
  revision: PlanRevision,
): Promise<NextVersion> {
  const defaultRole = responsibleRole(deps.policy, plan.request.riskClass);
  const version = plan.version + 1;
  const records: SectionRecord[] = [];
  const changed: ChangedSection[] = [];
  for (const previous of current) {
    const returned = revision[previous.key];
    const unchanged = { ...previous, version };
    if (returned === null) {
      records.push(unchanged);
      continue;
    }
    const raw = withReviewCriteria(plan, previous, parseSection(previous.key, returned));
    const { section, notes } = await guardSection(raw, defaultRole);
    const hash = contentHash(section.value);
    if (hash === previous.hash) {
      records.push(unchanged);
      continue;
    }
    records.push({ planId: plan.id, version, key: section.key, content: section.value, hash });
    changed.push({ section, notes });
  }
  const summary = (await guardValueThorough(revision.summary, () => defaultRole, { root: 'summary' })).value;
  return { records, changed, summary };
}

function withReviewCriteria(plan: PlanRecord, previous: SectionRecord, raw: Section): Section {
  if (raw.key !== 'exit') return raw;
  const before = ExitSection.safeParse(previous.content);
  if (!before.success) return raw;
  return {
    key: 'exit',
    value: keepReviewCriteria(before.data, raw.value, plan.request.options.reviewCriteria),
  };
}

async function applyRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  current: readonly SectionRecord[],
  next: NextVersion,
): Promise<void> {
  const revised: PlanRecord = { ...plan, version: plan.version + 1, status: 'ready', failure: null };
  const beforeItems = planItems(current);
  const afterItems = planItems(next.records);
  const before = hashesOf(beforeItems);
  const after = hashesOf(afterItems);
  const history = await itemHistory(deps.store, plan.id, plan.version);
  const stale = staleItems(before, after);
  const dismissed = dismissedDecisions(await deps.store.listDecisions(plan.id), stale, before, history);

  // The store first: once the version is set, clicks on the old content are stale.
  for (const record of next.records) await deps.store.saveSection(record);
  await deps.store.setVersion(plan.id, revised.version);
  await auditRevision(deps, revised, feedback, next, stale, before, after, dismissed);

  const comparison = compareHashes(before, after);
  await publishChanges(deps, revised, next.changed, new Set([...comparison.changed, ...comparison.added]));
  for (const key of comparison.removed) await removeExtraParts(deps, revised, key, 0);

  const titleOf = (items: readonly PlanItem[], key: string) => items.find((i) => i.key === key)?.title ?? key;
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs ?? undefined,
    ...buildRevisionMessage({
      revision: revised.version - 1,
      version: revised.version,
      feedbackBy: feedback.userId,
      summary: next.summary,
      sections: next.changed.map((c) => SECTION_TITLES[c.section.key]),
      changes: changeViews(beforeItems, afterItems, comparison.changed),
      added: comparison.added.map((key) => titleOf(afterItems, key)),
      removed: comparison.removed.map((key) => titleOf(beforeItems, key)),
      resets: stale.map((key) => resetView(titleOf(afterItems, key), dismissed.get(key) ?? [])),
      feedbackTruncated: feedback.originalChars > feedback.text.length,
    }),
    unfurl_links: false,
    unfurl_media: false,
  });
  await refreshRoot(deps, revised);
}

/** Updates exactly the changed items' messages in place; an item that got shorter loses its extra parts. */
async function publishChanges(
  deps: ServiceDeps,
  revised: PlanRecord,
  changed: readonly ChangedSection[],
  changedItems: ReadonlySet<string>,
): Promise<void> {
  for (const { section, notes } of changed) {
    const messages = (await renderSection(deps, revised, section, notes)).filter((m) =>
      changedItems.has(m.itemKey),
    );
    await publishItems(deps, revised, messages);
    const keys = new Set(messages.map((m) => m.itemKey));
    for (const key of keys) {
      await removeExtraParts(deps, revised, key, messages.filter((m) => m.itemKey === key).length);
    }
  }
}

/** The writeback overview lists its drafts, whose own changes are shown item by item. */
function diffableContent(item: PlanItem): unknown {
  if (item.key !== 'writeback' || typeof item.content !== 'object' || item.content === null) {
    return item.content;
  }
  const { drafts: _drafts, ...rest } = item.content as Record<string, unknown>;
  return rest;
}

function changeViews(
  beforeItems: readonly PlanItem[],
  afterItems: readonly PlanItem[],
  changedKeys: readonly string[],
): SectionChangeView[] {
  return changedKeys.flatMap((key) => {
    const before = beforeItems.find((i) => i.key === key);
    const after = afterItems.find((i) => i.key === key);
    if (!before || !after) return [];
    const diff = lineChanges(diffableContent(before), diffableContent(after), DEFAULT_LINE_LIMITS);
    if (key === 'writeback' && diff.changes.length === 0) return [];
    return [{ title: after.title, lines: diff.changes, omitted: diff.omitted }];
  });
}

function resetView(title: string, decisions: readonly DecisionRecord[]): ResetView {
  return {
    title,
    decisions: decisions.map((d) => ({ userId: d.userId, role: d.role, decision: d.decision })),
  };
}

async function auditRevision(
  deps: ServiceDeps,
  revised: PlanRecord,
  feedback: Feedback,
  next: NextVersion,
  stale: readonly string[],
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
  dismissed: ReadonlyMap<string, DecisionRecord[]>,
): Promise<void> {
  await deps.store.appendAudit({
    planId: revised.id,
    kind: 'plan.version',
    actor: feedback.userId,
    data: {
      version: revised.version,
      revision: { feedbackId: feedback.id, changed: next.changed.map((c) => c.section.key) },
      sections: next.records.map((s) => ({ key: s.key, hash: s.hash })),
    },
  });
  for (const itemKey of stale) {
    await deps.store.appendAudit({
      planId: revised.id,
      kind: 'approval.reset',
      actor: null,
      data: {
        itemKey,
        version: revised.version,
        fromHash: before[itemKey],
        toHash: after[itemKey],
        feedbackId: feedback.id,
        dismissed: (dismissed.get(itemKey) ?? []).map((d) => ({
          userId: d.userId,
          role: d.role,
          decision: d.decision,
          version: d.version,
        })),
      },
    });
  }
}

async function reportNoChange(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  summary: string,
): Promise<void> {
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'revision.unchanged',
    actor: feedback.userId,
    data: { feedbackId: feedback.id, version: plan.version },
  });
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs ?? undefined,
    ...buildNoChangeMessage({ version: plan.version, feedbackBy: feedback.userId, summary }),
    unfurl_links: false,
    unfurl_media: false,
  });
}

async function failRevision(
  deps: ServiceDeps,
  plan: PlanRecord,
  feedback: Feedback,
  err: unknown,
): Promise<void> {
  const code = err instanceof ModelError ? err.code : 'internal';
  deps.logger.warn({ err, planId: plan.id, feedbackId: feedback.id, code }, 'revision failed');
  await deps.store.appendAudit({
    planId: plan.id,
    kind: 'revision.failed',
    actor: null,
    data: { feedbackId: feedback.id, version: plan.version, code },
  });
  await deps.client.chat.postMessage({
    channel: plan.channelId,
    thread_ts: plan.rootTs ?? undefined,
    ...buildRevisionFailureMessage({ planId: plan.id, feedbackId: feedback.id, code }),
    unfurl_links: false,
    unfurl_media: false,
  });
}

async function notifyNotReady(deps: ServiceDeps, plan: PlanRecord, feedback: Feedback): Promise<void> {
  const why =
    plan.status === 'failed'
      ? 'drafting it failed: press Retry on the failure message first'
      : 'it has not finished drafting';
  await notifyUser(
    deps,
    { userId: feedback.userId, channelId: plan.channelId, responseUrl: null },
    `Your reply in the thread of “${plan.request.title}” was not applied: ${why}. Reply again once the plan is ready.`,
  );
}
