import { buttonsOf } from '../../test/e2e/flow.ts';
import { blockActionsPayload } from '../../test/fakes/slack-client.ts';
import { APPROVER } from '../lib/apps.ts';
import { tallyByMethod, totalOf } from '../lib/calls.ts';
import type { Driver } from '../lib/driver.ts';
import { callsAndBytes, type Row } from '../lib/format.ts';
import { waitForQuiet } from '../lib/wait.ts';

const APPROVE = /approve/i;

/** The first Approve button in the plan's thread, as the approver sees it. */
function findApprove(driver: Driver, channel: string, rootTs: string) {
  for (const message of driver.slack.thread(channel, rootTs)) {
    const button = buttonsOf(message).find((b) => APPROVE.test(b.actionId));
    if (button) return { message, button };
  }
  return undefined;
}

/**
 * Measurement 3, second half: the Web API calls one accepted approval click costs. The approver
 * holds the plan's role in the bench policy; Slack's own confirm dialog happens in the client, so a
 * confirmed click arrives as one block_actions request.
 */
export async function measureApprovalClick(driver: Driver, channel: string, rootTs: string): Promise<Row[]> {
  const found = findApprove(driver, channel, rootTs);
  if (!found)
    return [{ measure: '3 Slack calls per approval click', value: 'n/a (no approval buttons yet)' }];
  const before = driver.slack.calls.length;
  const res = await driver.client.blockActions(
    blockActionsPayload({
      userId: APPROVER,
      channelId: channel,
      messageTs: found.message.ts,
      threadTs: rootTs,
      actionId: found.button.actionId,
      blockId: found.button.blockId,
      value: found.button.value,
      message: { text: found.message.text, blocks: found.message.blocks },
    }),
  );
  await waitForQuiet(() => driver.slack.calls.length, 500, 10_000);
  const tallies = tallyByMethod(driver.slack.calls.slice(before));
  const total = totalOf(tallies);
  return [
    {
      measure: '3 Slack calls per approval click',
      value: callsAndBytes(total.calls, total.bytes),
      note: `${found.button.actionId} → HTTP ${res.status}; ${tallies.map((t) => `${t.method} ×${t.calls}`).join(', ') || 'no calls'}`,
    },
  ];
}
