import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import type { PlanRevision } from '../../src/plan/revision.ts';
import type { Plan } from '../../src/plan/schema.ts';
import { APPROVE_ACTION_PATTERN, APPROVE_ALL_ACTION_PATTERN, REVIEW_CALLBACK } from '../../src/slack/ids.ts';
import { ApproveAllMetadata } from '../../src/slack/review-values.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { blockActionsPayload, threadReplyEvent, viewSubmissionPayload } from '../fakes/slack-client.ts';
import { buttonsOf, CHANNEL, planOf, REQUESTER, requestPlan, root, textOf } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

const SRE = 'U0SRE1';
const SME = 'U0SME1';
const BOTH = 'U0BOTH1';
const POLICY: Policy = {
  roles: {
    SME: { users: [SME, BOTH], usergroups: [] },
    'SRE lead': { users: [SRE, BOTH], usergroups: [] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};
/** The medium sample plan: nine items for "SRE lead"; the Jira draft also needs "SME". */
const ITEM_COUNT = 9;

function approveAllButton(h: Harness, role: string) {
  const button = buttonsOf(root(h)).find(
    (b) =>
      APPROVE_ALL_ACTION_PATTERN.test(b.actionId) && (JSON.parse(b.value) as { role: string }).role === role,
  );
  if (!button) throw new Error(`no Approve all as ${role} on the root`);
  return button;
}

function ephemeralsTo(h: Harness, userId: string): string[] {
  return h.slack
    .callsTo('chat.postEphemeral')
    .filter((c) => c.args.user === userId)
    .map((c) => `${String(c.args.text)}\n${JSON.stringify(c.args.blocks)}`);
}

/** Presses Approve all as `role`; resolves to the modal it opened, if any. */
async function pressApproveAll(h: Harness, role: string, userId: string) {
  const opened = h.slack.callsTo('views.open').length;
  const told = ephemeralsTo(h, userId).length;
  const button = approveAllButton(h, role);
  const res = await h.client.blockActions(
    blockActionsPayload({
      userId,
      channelId: CHANNEL,
      messageTs: root(h).ts,
      actionId: button.actionId,
      blockId: button.blockId,
      value: button.value,
    }),
  );
  expect(res.status).toBe(200);
  await h.slack.waitFor(
    (s) => s.callsTo('views.open').length > opened || ephemeralsTo(h, userId).length > told,
    5000,
    'the Approve all modal or a private answer',
  );
  return h.slack.callsTo('views.open').length > opened ? h.slack.lastView() : undefined;
}

async function submit(
  h: Harness,
  view: NonNullable<ReturnType<Harness['slack']['lastView']>>,
  userId: string,
) {
  const res = await h.client.viewSubmission(
    viewSubmissionPayload({
      userId,
      viewId: view.id,
      callbackId: String(view.view.callback_id),
      privateMetadata: String(view.view.private_metadata),
      values: {},
    }),
  );
  expect(res.status).toBe(200);
  await h.idle();
}

describe('Approve all as ROLE', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ policy: POLICY });
    await requestPlan(h);
  });
  afterEach(() => h.close());

  it('approves every item waiting for the role with one confirmation; items and root update in place', async () => {
    expect(
      buttonsOf(root(h))
        .filter((b) => APPROVE_ALL_ACTION_PATTERN.test(b.actionId))
        .map((b) => (JSON.parse(b.value) as { role: string }).role),
    ).toEqual(['SRE lead', 'SME', 'CTO']);
    const view = await pressApproveAll(h, 'SRE lead', SRE);
    if (!view) throw new Error('no modal');
    expect(view.view.callback_id).toBe(REVIEW_CALLBACK.approveAll);
    const shown = ApproveAllMetadata.parse(JSON.parse(String(view.view.private_metadata)));
    expect(shown.items).toHaveLength(ITEM_COUNT);
    expect(JSON.stringify(view.view.blocks)).toMatch(/Change Gating Rules\* — version 1/);

    await submit(h, view, SRE);
    const plan = await planOf(h);
    const decisions = await h.store.listDecisions(plan.id);
    expect(decisions).toHaveLength(ITEM_COUNT);
    expect(
      decisions.every((d) => d.userId === SRE && d.role === 'SRE lead' && d.decision === 'approve'),
    ).toBe(true);
    for (const d of decisions)
      expect(shown.items).toContainEqual({ itemKey: d.itemKey, version: d.version, hash: d.contentHash });
    expect(textOf(root(h))).toMatch(/7 of 9 items approved/);
    // SME (the Jira draft) and CTO (the comms draft) are still waited for: SRE lead's button is gone.
    expect(
      buttonsOf(root(h))
        .filter((b) => APPROVE_ALL_ACTION_PATTERN.test(b.actionId))
        .map((b) => (JSON.parse(b.value) as { role: string }).role),
    ).toEqual(['SME', 'CTO']);
    const gating = (await h.store.listMessages(plan.id)).filter((m) => m.itemKey === 'gating').at(-1);
    const message = gating && h.slack.message(CHANNEL, gating.ts);
    expect(
      buttonsOf(message ?? { blocks: [] }).filter((b) => APPROVE_ACTION_PATTERN.test(b.actionId)),
    ).toEqual([]);
    expect(ephemeralsTo(h, SRE).at(-1)).toMatch(/approved 9 item\(s\) as \*SRE lead\*/);
    const kinds = (await h.store.listAudit({ planId: plan.id })).map((e) => e.kind);
    expect(kinds.filter((k) => k === 'decision.recorded')).toHaveLength(ITEM_COUNT);
  });

  it('leaves an item revised after the modal opened undecided, and says which', async () => {
    const view = await pressApproveAll(h, 'SRE lead', SRE);
    if (!view) throw new Error('no modal');
    const gating = structuredClone(samplePlan().gating);
    gating.rules[1]?.criteria.push('Load test at peak volume passed');
    const nulls: Omit<PlanRevision, 'summary'> = {
      scorecard: null,
      toolchain: null,
      gating: null,
      timeline: null,
      writeback: null,
      exit: null,
    };
    h.models.script({
      kind: 'json',
      value: { ...nulls, gating: gating as Plan['gating'], summary: 'Load test.' },
    });
    await h.client.event(
      threadReplyEvent({
        channel: CHANNEL,
        user: SME,
        text: 'Gate on the load test.',
        ts: '1800000000.000901',
        threadTs: root(h).ts,
      }),
    );
    await h.idle();
    expect((await planOf(h)).version).toBe(2);

    await submit(h, view, SRE);
    const decisions = await h.store.listDecisions((await planOf(h)).id);
    expect(decisions.map((d) => d.itemKey).sort()).toEqual(
      ApproveAllMetadata.parse(JSON.parse(String(view.view.private_metadata)))
        .items.map((i) => i.itemKey)
        .filter((k) => k !== 'gating')
        .sort(),
    );
    expect(ephemeralsTo(h, SRE).at(-1)).toMatch(
      /approved 8 item.*Left undecided.*Change Gating Rules.*changed after you opened/s,
    );
    expect(JSON.stringify(root(h).blocks)).toContain('Approve all as SRE lead');
  });

  it('lets a person holding two roles use only one per item; the requester and non-holders get no modal', async () => {
    const first = await pressApproveAll(h, 'SRE lead', BOTH);
    if (!first) throw new Error('no modal');
    await submit(h, first, BOTH);
    expect(await pressApproveAll(h, 'SME', BOTH)).toBeUndefined();
    expect(ephemeralsTo(h, BOTH).at(-1)).toMatch(/Nothing in .* waits for you as “SME”/);
    const decisions = await h.store.listDecisions((await planOf(h)).id);
    expect(decisions.filter((d) => d.userId === BOTH).every((d) => d.role === 'SRE lead')).toBe(true);

    expect(await pressApproveAll(h, 'SME', REQUESTER)).toBeUndefined();
    expect(ephemeralsTo(h, REQUESTER).at(-1)).toMatch(/requested this plan/);
    expect(await pressApproveAll(h, 'SME', SRE)).toBeUndefined();
    expect(ephemeralsTo(h, SRE).at(-1)).toMatch(/Only a holder of “SME”/);
    // SME can still approve the Jira draft as SME.
    const sme = await pressApproveAll(h, 'SME', SME);
    expect(
      ApproveAllMetadata.parse(JSON.parse(String(sme?.view.private_metadata))).items.map((i) => i.itemKey),
    ).toEqual(['writeback:jira-epic-update']);
  });
});
