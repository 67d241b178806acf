import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Policy } from '../../src/approval/roles.ts';
import { runAudit } from '../../src/cli/audit.ts';
import { contentHash } from '../../src/plan/hash.ts';
import type { Plan } from '../../src/plan/schema.ts';
import { publishItems } from '../../src/services/thread/publish.ts';
import { renderItem } from '../../src/services/thread/section-messages.ts';
import { REVIEW_ACTION, REVIEW_CALLBACK, REVIEW_FIELD } from '../../src/slack/ids.ts';
import { verifyChain } from '../../src/store/audit-chain.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { samplePlan } from '../fakes/plan-fixture.ts';
import type { RecordedCall } from '../fakes/slack-api.ts';
import { viewSubmissionPayload } from '../fakes/slack-client.ts';
import {
  approveButtons,
  buttonsOf,
  itemMessage,
  planOf,
  pressButton,
  REQUESTER,
  requestPlan,
  root,
  textOf,
  thread,
} from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

/** The issue's example policy; the requester (U0REQ) holds no role. */
const POLICY: Policy = {
  roles: {
    SME: { users: ['U0SME1', 'U0SME2'], usergroups: [] },
    'SRE lead': { users: ['U0SRE1'], usergroups: ['S0SRELEADS'] },
    CTO: { users: ['U0CTO1'], usergroups: [] },
  },
  approvalMatrix: { low: ['SME'], medium: ['SRE lead'], high: ['SRE lead', 'CTO'] },
};
const SRE = 'U0SRE1';
const SME = 'U0SME1';
const CTO = 'U0CTO1';
const GROUP_MEMBER = 'U0GRP1';

/** The medium-risk sample plan's items and who must approve each (drafts add their proposed role). */
const ITEMS: readonly [string, readonly string[]][] = [
  ['scorecard', [SRE]],
  ['toolchain', [SRE]],
  ['gating', [SRE]],
  ['timeline', [SRE]],
  ['writeback', [SRE]],
  ['writeback:jira-epic-update', [SRE, SME]],
  ['writeback:confluence-runbook', [SRE]],
  ['writeback:slack-merchant-comms', [SRE, CTO]],
  ['exit', [SRE]],
];
const ROLE_OF: Record<string, string> = { [SRE]: 'SRE lead', [SME]: 'SME', [CTO]: 'CTO' };

function approveButton(message: { blocks: unknown[] }, role?: string) {
  const button = approveButtons(message).find(
    (b) => role === undefined || (JSON.parse(b.value) as { role: string }).role === role,
  );
  if (!button) throw new Error(`no Approve button${role ? ` for ${role}` : ''} on the message`);
  return button;
}

async function approve(h: Harness, itemKey: string, userId: string, role?: string): Promise<void> {
  const message = await itemMessage(h, itemKey);
  const several = approveButtons(message).length > 1;
  const res = await pressButton(
    h,
    message,
    approveButton(message, several ? (role ?? ROLE_OF[userId]) : undefined),
    userId,
  );
  expect(res.status).toBe(200);
  await h.idle();
}

function ephemeralsTo(h: Harness, userId: string): RecordedCall[] {
  return h.slack.callsTo('chat.postEphemeral').filter((c) => c.args.user === userId);
}

function ephemeralText(call: RecordedCall | undefined): string {
  return call ? `${String(call.args.text)}\n${JSON.stringify(call.args.blocks)}` : '';
}

async function decisionsOf(h: Harness) {
  return h.store.listDecisions((await planOf(h)).id);
}

async function auditKinds(h: Harness): Promise<string[]> {
  return (await h.store.listAudit({ planId: (await planOf(h)).id })).map((e) => e.kind);
}

/** Opens the Request changes modal as `userId` and submits it with `reason`. */
async function requestChanges(h: Harness, itemKey: string, userId: string, reason: string) {
  const message = await itemMessage(h, itemKey);
  const button = buttonsOf(message).find((b) => b.actionId === REVIEW_ACTION.requestChanges);
  if (!button) throw new Error('no Request changes button');
  const opened = h.slack.callsTo('views.open').length;
  await pressButton(h, message, button, userId);
  await h.slack.waitFor((s) => s.callsTo('views.open').length > opened, 5000, 'the Request changes modal');
  const view = h.slack.lastView();
  if (!view) throw new Error('no modal');
  const res = await h.client.viewSubmission(
    viewSubmissionPayload({
      userId,
      viewId: view.id,
      callbackId: String(view.view.callback_id),
      privateMetadata: String(view.view.private_metadata),
      values: {
        [REVIEW_FIELD.reason]: { [REVIEW_FIELD.reason]: { type: 'plain_text_input', value: reason } },
      },
    }),
  );
  await h.idle();
  return { res, view };
}

describe('approval by role', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({ policy: POLICY });
  });
  afterEach(() => h.close());

  it('puts Approve (with a confirm dialog) and Request changes on every section and draft', async () => {
    await requestPlan(h);
    for (const [itemKey, approvers] of ITEMS) {
      const message = await itemMessage(h, itemKey);
      const approves = approveButtons(message);
      expect(approves, itemKey).toHaveLength(approvers.length);
      for (const b of approves) {
        expect(b.confirm).toMatchObject({
          title: { type: 'plain_text' },
          confirm: { text: 'Approve' },
          deny: { text: 'Cancel' },
        });
        const value = JSON.parse(b.value) as Record<string, unknown>;
        expect(value).toMatchObject({ itemKey, version: 1, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
        expect(b.value.length).toBeLessThanOrEqual(2000);
      }
      expect(buttonsOf(message).map((b) => b.actionId)).toContain(REVIEW_ACTION.requestChanges);
    }
    expect(textOf(await itemMessage(h, 'writeback:jira-epic-update'))).toContain('Approve as SME');
    expect(h.slack.violations).toEqual([]);
  });

  it('refuses a non-holder privately, naming the roles and people who can decide', async () => {
    await requestPlan(h);
    await approve(h, 'gating', SME);

    const [refusal] = ephemeralsTo(h, SME);
    expect(ephemeralText(refusal)).toContain('SRE lead');
    expect(ephemeralText(refusal)).toContain(`<@${SRE}>`);
    expect(refusal?.args.thread_ts).toBe(root(h).ts);
    expect(await decisionsOf(h)).toEqual([]);
    expect(await auditKinds(h)).toContain('decision.refused');
  });

  it('refuses self-approval by the requester', async () => {
    await requestPlan(h);
    await approve(h, 'gating', REQUESTER, 'SRE lead');

    expect(ephemeralText(ephemeralsTo(h, REQUESTER)[0])).toMatch(
      /requested this plan, so you can't approve it/,
    );
    expect(await decisionsOf(h)).toEqual([]);
  });

  it('records one decision for a double click, and updates the message in place', async () => {
    await requestPlan(h);
    const before = await itemMessage(h, 'gating');
    const threadLength = thread(h).length;
    const button = approveButton(before);
    await Promise.all([pressButton(h, before, button, SRE), pressButton(h, before, button, SRE)]);
    await h.idle();

    expect(await decisionsOf(h)).toEqual([
      expect.objectContaining({ itemKey: 'gating', userId: SRE, role: 'SRE lead', decision: 'approve' }),
    ]);
    const after = await itemMessage(h, 'gating');
    expect(after.ts).toBe(before.ts);
    expect(after.edits).toBeGreaterThan(before.edits);
    expect(textOf(after)).toMatch(new RegExp(`SRE lead\\*? — <@${SRE}> · <!date\\^\\d+\\^`));
    expect(approveButtons(after)).toEqual([]);
    expect(thread(h)).toHaveLength(threadLength);
    expect(ephemeralsTo(h, SRE)).toEqual([]);
    expect(textOf(root(h))).toMatch(/1 of 9 items approved/);
  });

  it('removes the button of a satisfied role and keeps the others', async () => {
    await requestPlan(h);
    await approve(h, 'writeback:jira-epic-update', SRE);

    const message = await itemMessage(h, 'writeback:jira-epic-update');
    expect(approveButtons(message).map((b) => (JSON.parse(b.value) as { role: string }).role)).toEqual([
      'SME',
    ]);
    expect(textOf(message)).toContain('1 of 2 roles');
  });

  it('refuses a stale click: content that changed since the message was read', async () => {
    await requestPlan(h);
    const oldGating = await itemMessage(h, 'gating');
    const oldScorecard = await itemMessage(h, 'scorecard');
    await reviseSection(h, 'gating', (p) => ({
      ...p.gating,
      escalations: [...p.gating.escalations, { trigger: 'New', escalate_to_role: 'CTO', timeout_hours: 2 }],
    }));

    await pressButton(h, oldGating, approveButton(oldGating), SRE);
    await h.idle();
    expect(ephemeralText(ephemeralsTo(h, SRE)[0])).toMatch(/section changed.*review the new version/);
    expect(await decisionsOf(h)).toEqual([]);

    // An unchanged item keeps its message and buttons across the version.
    await pressButton(h, oldScorecard, approveButton(oldScorecard), SRE);
    await h.idle();
    expect(await decisionsOf(h)).toEqual([expect.objectContaining({ itemKey: 'scorecard', version: 1 })]);
  });

  it('takes a new approval when content changes and changes back', async () => {
    await requestPlan(h);
    await approve(h, 'gating', SRE);
    const original = samplePlan().gating;
    await reviseSection(h, 'gating', () => ({ ...original, escalations: [] }));
    await reviseSection(h, 'gating', () => original);
    const plan = await planOf(h);
    await publishItems(h.app.deps, plan, await renderItem(h.app.deps, plan, 'gating'));

    const message = await itemMessage(h, 'gating');
    expect(JSON.parse(approveButton(message).value)).toMatchObject({ version: 3 });
    await approve(h, 'gating', SRE);
    expect((await decisionsOf(h)).map((d) => d.version)).toEqual([1, 3]);
    expect(approveButtons(await itemMessage(h, 'gating'))).toEqual([]);
  });

  it('puts the item and the plan on hold (red) when changes are requested', async () => {
    await requestPlan(h);
    const blank = await requestChanges(h, 'gating', SRE, '   ');
    expect(blank.res.json()).toMatchObject({
      response_action: 'errors',
      errors: { [REVIEW_FIELD.reason]: expect.any(String) },
    });
    expect(blank.view.view.callback_id).toBe(REVIEW_CALLBACK.requestChanges);

    const { res } = await requestChanges(h, 'gating', SRE, 'The rollback owner is missing for week 2.');
    expect(res.status).toBe(200);
    expect(await decisionsOf(h)).toEqual([
      expect.objectContaining({
        itemKey: 'gating',
        decision: 'request_changes',
        reason: 'The rollback owner is missing for week 2.',
      }),
    ]);
    const message = await itemMessage(h, 'gating');
    expect(textOf(message)).toContain('Changes requested');
    expect(textOf(message)).toContain('The rollback owner is missing for week 2.');
    expect(approveButtons(message)).toEqual([]);
    expect(textOf(root(h))).toContain('🔴 *Approval: changes requested*');
    expect(textOf(root(h))).toContain('changes requested');

    await approve(h, 'scorecard', SRE);
    expect(textOf(root(h))).toContain('🔴');
  });

  it('revises the plan with the reason, which lifts the hold on the item that changed', async () => {
    await requestPlan(h);
    const gating = structuredClone(samplePlan().gating);
    gating.rules[0]?.criteria.push('Rollback owner named for week 2');
    h.models.script({
      kind: 'json',
      value: {
        scorecard: null,
        toolchain: null,
        gating,
        timeline: null,
        writeback: null,
        exit: null,
        summary: 'Named the week 2 rollback owner.',
      },
    });
    await requestChanges(h, 'gating', SRE, 'The rollback owner is missing for week 2.');
    await h.idle();
    expect(JSON.stringify(h.models.requests.at(-1)?.body)).toContain(
      'The rollback owner is missing for week 2.',
    );
    const message = await itemMessage(h, 'gating');
    expect(textOf(message)).toContain('Rollback owner named for week 2');
    expect(textOf(message)).not.toContain('Changes requested');
    expect(approveButtons(message).length).toBeGreaterThan(0);
    expect(textOf(root(h))).not.toContain('🔴 *Approval: changes requested*');
    expect(thread(h).some((m) => /Revision 1/.test(m.text))).toBe(true);
  });

  it('redacts a secret pasted into the reason before it is stored or shown', async () => {
    await requestPlan(h);
    const token = 'xoxb-123456789012-123456789012-abcdefghijklmnopqrstuvwx';
    await requestChanges(h, 'exit', SRE, `Use ${token} for the day-7 check`);

    expect((await decisionsOf(h))[0]?.reason).toBe('Use [REDACTED:slack_token] for the day-7 check');
    expect(textOf(await itemMessage(h, 'exit'))).not.toContain(token);
    expect(JSON.stringify(await h.store.listAudit())).not.toContain(token);
  });

  it('resolves a user-group holder through usergroups.users.list, and fails closed when that fails', async () => {
    h.slack.setUsergroup('S0SRELEADS', [GROUP_MEMBER]);
    await requestPlan(h);
    h.slack.failNext('usergroups.users.list', { error: 'missing_scope' });
    await approve(h, 'gating', GROUP_MEMBER);
    expect(ephemeralText(ephemeralsTo(h, GROUP_MEMBER)[0])).toContain('Only a holder of “SRE lead”');
    expect(await decisionsOf(h)).toEqual([]);

    await approve(h, 'gating', GROUP_MEMBER);
    expect(await decisionsOf(h)).toEqual([
      expect.objectContaining({ itemKey: 'gating', userId: GROUP_MEMBER, role: 'SRE lead' }),
    ]);
    expect(h.slack.callsTo('usergroups.users.list').map((c) => c.args.usergroup)).toEqual([
      'S0SRELEADS',
      'S0SRELEADS',
    ]);
  });

  it('turns the plan green after the last approval, and says so once, naming only the approvers', async () => {
    await requestPlan(h);
    const oldGating = await itemMessage(h, 'gating');
    for (const [itemKey, approvers] of ITEMS) {
      for (const userId of approvers) await approve(h, itemKey, userId);
    }
    expect(textOf(root(h))).toContain('🟢 *Approval: approved*');
    const announcements = thread(h).filter((m) => m.text.includes('Plan approved'));
    expect(announcements).toHaveLength(1);
    const mentions = new Set(textOf(announcements[0]!).match(/<(@[A-Z0-9]+|!\w+)/g));
    expect(mentions).toEqual(new Set([`<@${SRE}`, `<@${SME}`, `<@${CTO}`, '<!date']));
    for (const [itemKey] of ITEMS) expect(buttonsOf(await itemMessage(h, itemKey))).toEqual([]);

    // A late repeat of an old click changes nothing and announces nothing again.
    await pressButton(h, oldGating, approveButton(oldGating), SRE);
    await h.idle();
    expect(thread(h).filter((m) => m.text.includes('Plan approved'))).toHaveLength(1);
    expect(await auditKinds(h)).toContain('plan.approved');
  });

  it('shows the fallback role on a draft whose proposed role is not in the policy', async () => {
    const plan = samplePlan();
    const drafts = plan.writeback.drafts.map((d, i) =>
      i === 0 ? { ...d, approver_role: 'Release wizard' } : d,
    );
    h.models.script({ kind: 'json', value: { ...plan, writeback: { drafts } } });
    await requestPlan(h);

    const message = await itemMessage(h, 'writeback:jira-epic-update');
    expect(textOf(message)).toContain('Release wizard');
    expect(textOf(message)).toContain('not in the policy');
    expect(approveButtons(message)).toHaveLength(1);
  });

  it('offers the whole text of a draft split across messages in a modal', async () => {
    const plan = samplePlan();
    const long = Array.from({ length: 400 }, (_, i) => `Step ${i}: confirm the settlement batch.`).join('\n');
    const drafts = plan.writeback.drafts.map((d, i) => (i === 1 ? { ...d, content: long } : d));
    h.models.script({ kind: 'json', value: { ...plan, writeback: { drafts } } });
    await requestPlan(h);

    const message = await itemMessage(h, 'writeback:confluence-runbook');
    const view = buttonsOf(message).find((b) => b.actionId === REVIEW_ACTION.viewDraft);
    expect(view).toBeDefined();
    await pressButton(h, message, view!, SME);
    await h.slack.waitFor((s) => s.callsTo('views.open').length > 1, 5000, 'the draft modal');
    const modal = JSON.stringify(h.slack.lastView()?.view);
    expect(modal).toContain('Step 0: confirm');
    expect(modal).toContain('Step 399: confirm');
    expect(
      buttonsOf(await itemMessage(h, 'writeback:jira-epic-update')).map((b) => b.actionId),
    ).not.toContain(REVIEW_ACTION.viewDraft);
  });
});

describe('a person holding two roles', () => {
  let h: Harness;
  beforeEach(async () => {
    const both = { ...POLICY, roles: { ...POLICY.roles, CTO: { users: [CTO, SRE], usergroups: [] } } };
    h = await startHarness({ policy: both });
  });
  afterEach(() => h.close());

  it('is told privately why an approval as the second role did not count, and it is not recorded', async () => {
    await requestPlan(h);
    await approve(h, 'writeback:slack-merchant-comms', SRE, 'SRE lead');
    expect(ephemeralsTo(h, SRE)).toEqual([]);

    await approve(h, 'writeback:slack-merchant-comms', SRE, 'CTO');
    const told = ephemeralText(ephemeralsTo(h, SRE)[0]);
    expect(told).toMatch(/already approved this as “SRE lead”/);
    expect(told).toMatch(/one person counts for one role/i);
    expect(told).toContain(`<@${CTO}>`);
    const mine = (await decisionsOf(h)).filter((d) => d.itemKey === 'writeback:slack-merchant-comms');
    expect(mine.map((d) => d.role)).toEqual(['SRE lead']);
  });
});

describe('without a policy file', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness();
  });
  afterEach(() => h.close());

  it('posts the plan, tells the thread once that approvals need a policy, and shows no buttons', async () => {
    await requestPlan(h);
    const notices = thread(h).filter((m) => m.text.includes('Approvals need a policy file'));
    expect(notices).toHaveLength(1);
    expect(textOf(notices[0]!)).toContain('POLICY_FILE');
    for (const m of thread(h)) expect(approveButtons(m)).toEqual([]);
    expect(textOf(root(h))).toContain('needs a policy file');
  });
});

describe('the audit log of decisions', () => {
  let h: Harness;
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'rp-approvals-'));
    file = path.join(dir, 'store.db');
    h = await startHarness({ policy: POLICY, store: openSqliteStore(file) });
  });
  afterEach(async () => {
    await h.close();
    rmSync(dir, { recursive: true, force: true });
  });

  async function verify(): Promise<{ code: number; out: string }> {
    let out = '';
    const code = await runAudit(['verify', '--db', file], {
      stdout: { write: (t: string) => (out += t) },
      stderr: { write: (t: string) => (out += t) },
    });
    return { code, out };
  }

  it('chains every decision and refusal, and the verifier finds a tampered row', async () => {
    await requestPlan(h);
    await approve(h, 'gating', SRE);
    await approve(h, 'toolchain', SME);
    await requestChanges(h, 'exit', SRE, 'Add a day-7 owner.');

    const entries = await h.store.listAudit();
    expect(verifyChain(entries)).toMatchObject({ ok: true });
    const decisions = entries.filter((e) => e.kind.startsWith('decision.'));
    expect(decisions.map((e) => [e.kind, e.actor])).toEqual([
      ['decision.recorded', SRE],
      ['decision.refused', SME],
      ['decision.recorded', SRE],
    ]);
    expect(decisions[0]?.data).toMatchObject({ itemKey: 'gating', role: 'SRE lead', decision: 'approve' });
    expect(await verify()).toMatchObject({ code: 0 });

    const target = decisions[0]!;
    const db = new DatabaseSync(file);
    db.exec('DROP TRIGGER audit_no_update');
    db.prepare('UPDATE audit SET actor = ? WHERE seq = ?').run(SME, target.seq);
    db.close();
    const broken = await verify();
    expect(broken.code).toBe(1);
    expect(broken.out).toContain(`BROKEN at seq ${target.seq}`);
  });
});

/** What a revision does to the store: the next version, with one section's content replaced. */
async function reviseSection<K extends keyof Plan>(
  h: Harness,
  key: K,
  change: (plan: Plan) => Plan[K],
): Promise<void> {
  const plan = await planOf(h);
  const next = plan.version + 1;
  for (const section of await h.store.listSections(plan.id, plan.version)) {
    const content = section.key === key ? change(samplePlan()) : section.content;
    await h.store.saveSection({ ...section, version: next, content, hash: contentHash(content) });
  }
  await h.store.setVersion(plan.id, next);
}
