import { describe, expect, it } from 'vitest';
import { REVISION_ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const VALUE = { planId: '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69', feedbackId: '1800000000.000001' };

describe('Retry button of a failed revision', () => {
  it('acks, then retries the same stored feedback', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(REVISION_ACTION.retryRevision, VALUE, 'U0REVIEWER', '1700000000.000950'));

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'retryRevision',
        input: [{ ...VALUE, userId: 'U0REVIEWER', channelId: 'C0PLANS', failureTs: '1700000000.000950' }],
      },
    ]);
  });
});
