import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const FAILURE_TS = '1700000000.000900';

describe('Retry button of a failed plan', () => {
  it('acks, then retries the plan named by the button, keyed by the failure message', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.retryPlan, { planId: PLAN }, 'U0REQ', FAILURE_TS));

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'retryPlan',
        input: [{ planId: PLAN, userId: 'U0REQ', channelId: 'C0PLANS', failureTs: FAILURE_TS }],
      },
    ]);
  });

  it('acks and drops a button whose plan id is not one', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.retryPlan, { planId: '../../etc/passwd' }, 'U0REQ', FAILURE_TS));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
