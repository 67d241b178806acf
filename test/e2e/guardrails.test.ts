import { afterEach, describe, expect, it } from 'vitest';
import { samplePlan } from '../fakes/plan-fixture.ts';
import { requestPlan, root, textOf, thread } from './flow.ts';
import { type Harness, startHarness } from './harness.ts';

let h: Harness;
afterEach(() => h?.close());

const AWS_KEY = 'AKIAIOSFODNN7EXAMPLE';
const SLACK_TOKEN = `xoxb-${'1234567890'}-${'1234567890123'}-${'abcdefghijABCDEFGHIJklmn'}`;

describe('output guardrails, end to end', () => {
  it('removes a command line, redacts secrets and neutralises mentions before anything is posted', async () => {
    h = await startHarness();
    const plan = samplePlan();
    const [first, ...rest] = plan.writeback.drafts;
    const unsafe = {
      ...plan,
      scorecard: {
        ...plan.scorecard,
        summary: `<!channel> @here ready soon <@U0CEO> <https://evil.example|docs>`,
      },
      writeback: {
        drafts: [
          {
            ...first!,
            content: `Update the release ticket.\nUse key ${AWS_KEY} and token ${SLACK_TOKEN} for access.\nkubectl delete pod payments-0 -n prod`,
          },
          ...rest,
        ],
      },
    };
    h.models.script({ kind: 'json', value: unsafe });
    await requestPlan(h);
    const everything = h.slack.calls.map((c) => JSON.stringify(c.args)).join('\n');
    expect(everything).not.toContain(AWS_KEY);
    expect(everything).not.toContain(SLACK_TOKEN);
    expect(everything).not.toContain('kubectl delete pod');
    expect(everything).not.toMatch(/<!channel>|<!here>|<@U0CEO>|<https:\/\/evil/);
    expect(everything).toMatch(/execution command removed/);
    expect(everything).toMatch(/REDACTED/);
    const stored = JSON.stringify(await h.store.listAudit());
    expect(stored).not.toContain(AWS_KEY);
    expect(thread(h).some((m) => /secret|redact/i.test(textOf(m)))).toBe(true);
  });
});

describe('links, end to end', () => {
  it('keeps links to allowed hosts and shows others as plain text Slack does not link, with a note', async () => {
    h = await startHarness({
      policy: {
        roles: { SME: { users: ['U0SME1'], usergroups: [] } },
        approvalMatrix: { low: ['SME'], medium: ['SME'], high: ['SME'] },
        links: { allowedHosts: ['github.com'] },
      },
    });
    const plan = samplePlan();
    plan.gating.rules[0]?.criteria.push(
      'Login check at https://evil.example.com/login before the gate',
      'PR https://github.com/acme/payments/pull/7 merged',
    );
    h.models.script({ kind: 'json', value: plan });
    await requestPlan(h);
    const gating = thread(h).find((m) => /3\/6/.test(m.text));
    const text = textOf(gating!);
    expect(text).toContain('hxxps://evil[.]example[.]com/login');
    expect(text).not.toContain('https://evil.example.com');
    expect(text).toContain('https://github.com/acme/payments/pull/7');
    expect(text).toMatch(/1 link to a host not on the allow-list shown as plain text/);
  });
});

describe('input safety, end to end', () => {
  it('redacts secrets pasted into the modal before the model, the database and the logs, and says so', async () => {
    const logLines: string[] = [];
    h = await startHarness({ logLines });
    await requestPlan(h, {
      rollback_plan: `Roll back with the deploy bot; its token is ${SLACK_TOKEN}. Ops key ${AWS_KEY}.`,
      initiative_context: 'שחרור גרסה 2 — “quotes”, emoji 🚀 and *bold* _mrkdwn_ stay intact.',
    });
    const sent = JSON.stringify(h.models.requests.map((r) => r.body));
    expect(sent).not.toContain(SLACK_TOKEN);
    expect(sent).not.toContain(AWS_KEY);
    expect(sent).toContain('[REDACTED');
    expect(sent).toContain('שחרור גרסה 2 — “quotes”, emoji 🚀 and *bold* _mrkdwn_ stay intact.');
    const plans = await h.store.listAudit();
    expect(JSON.stringify(plans)).not.toContain(SLACK_TOKEN);
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(SLACK_TOKEN);
    expect(logLines.join('\n')).not.toContain('xoxb-test-token');
    const told = JSON.stringify(h.slack.responses.map((r) => r.body));
    expect(told).toMatch(/redacted 2 secret-looking strings/);
    expect(textOf(root(h))).toBeTruthy();
  });
});
