import type { ServerResponse } from 'node:http';
import { App, LogLevel } from '@slack/bolt';
import { ACTION, CALLBACK, COMMAND } from '../src/slack/ids.ts';

/**
 * The baseline for ack latency: the same Bolt version, the same receiver and signature check, and
 * listeners for the same command, button and modal that do nothing but ack.
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
app.command(COMMAND, async ({ ack }) => ack());
app.action(ACTION.retryPlan, async ({ ack }) => ack());
app.view(CALLBACK.planRequest, async ({ ack }) => ack());
await app.start(Number(port));
