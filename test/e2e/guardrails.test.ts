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
