import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const SECTION_TS = '1700000000.000900';

describe('Retry review button of a gating section posted not reviewed', () => {
  it('acks, then asks for the review of the plan named by the button', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.retryReview, { planId: PLAN }, 'U0REQ', SECTION_TS));
    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'retryReview',
        input: [{ planId: PLAN, userId: 'U0REQ', channelId: 'C0PLANS' }],
      },
    ]);
  });

  it('acks and drops a button whose plan id is not one', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.retryReview, { planId: 'nope' }, 'U0REQ', SECTION_TS));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
