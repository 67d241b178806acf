import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { ACTION, CALLBACK, COMMAND } from '../src/slack/ids.ts';

/**
 * The baseline for ack latency: the same Bolt version, the same receiver and signature check, and
 * listeners for the same command, button and modal that do nothing but ack — except the command,
 * which, like ours, acks and then opens the same request modal (issue 14: a fair comparison). The
 * modal builder is imported on the first command, so the idle RSS stays that of Bolt alone.
 * Usage: node bench/bare-app.ts <port> <slackApiUrl> <signingSecret>
 */
const [port, slackApiUrl, signingSecret] = process.argv.slice(2);
if (!port || !slackApiUrl || !signingSecret) {
  process.stderr.write('usage: node bench/bare-app.ts <port> <slackApiUrl> <signingSecret>\n');
  process.exit(2);
}

const app = new App({
  token: 'xoxb-bench-token',
  signingSecret,
  clientOptions: { slackApiUrl },
  logLevel: LogLevel.INFO,
  customRoutes: [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req: unknown, res: ServerResponse) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      },
    },
  ],
});
/** What our app offers in the bench (bench/lib/apps.ts): two models, the bench policy's matrix. */
const CHOICES = [
  { id: 'openai:gpt-bench', provider: 'openai', model: 'gpt-bench', label: 'OpenAI · gpt-bench' },
  {
    id: 'anthropic:claude-bench',
    provider: 'anthropic',
    model: 'claude-bench',
    label: 'Anthropic · claude-bench',
  },
] as const;
const MATRIX_HINT = 'low: SME; medium: SRE lead; high: SRE lead, CTO';

app.command(COMMAND, async ({ ack, command, client }) => {
  await ack();
  const { buildRequestModal } = await import('../src/slack/blocks/request-modal.ts');
  const view = buildRequestModal({
    choices: [...CHOICES],
    initial: {},
    matrixHint: MATRIX_HINT,
    privateMetadata: JSON.stringify({ channelId: command.channel_id, responseUrl: command.response_url }),
  });
  await client.views.open({ trigger_id: command.trigger_id, view });
});
app.action(ACTION.retryPlan, async ({ ack }) => ack());
app.view(CALLBACK.planRequest, async ({ ack }) => ack());
await app.start(Number(port));
// A clean exit on SIGTERM, so that `--cpu-prof` (bench/profile-command.ts) writes its profile.
process.once('SIGTERM', () => {
  void app.stop().finally(() => process.exit(0));
});
