import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { blockActionsPayload } from '../../../fakes/slack-client.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';

describe('Retry button of a failed plan', () => {
  it('acks, then retries the plan named by the button, keyed by the failure message', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(
      blockActionsPayload({
        userId: 'U0REQ',
        channelId: 'C0PLANS',
        messageTs: '1700000000.000900',
        actionId: ACTION.retryPlan,
        blockId: 'plan_failure_actions',
        value: JSON.stringify({ planId: PLAN }),
      }),
    );

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'retryPlan',
        input: [{ planId: PLAN, userId: 'U0REQ', channelId: 'C0PLANS', failureTs: '1700000000.000900' }],
      },
    ]);
  });

  it('acks and drops a button whose plan id is not one', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(
      blockActionsPayload({
        userId: 'U0REQ',
        channelId: 'C0PLANS',
        messageTs: '1700000000.000900',
        actionId: ACTION.retryPlan,
        blockId: 'plan_failure_actions',
        value: JSON.stringify({ planId: '../../etc/passwd' }),
      }),
    );
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
