import { describe, expect, it } from 'vitest';
import { approveAllActionId } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const VALUE = { planId: '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69', role: 'SRE lead' };

describe('Approve all button', () => {
  it.each([0, 1])('acks, then opens the confirmation modal (button %i)', async (index) => {
    const app = listenerApp(registerActions);
    const payload = buttonClick(approveAllActionId(index), VALUE, 'U0SRE1', '1700000000.000100');
    await app.deliver(payload);

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'openApproveAll',
        input: [{ triggerId: payload.trigger_id, userId: 'U0SRE1', channelId: 'C0PLANS' }, VALUE],
      },
    ]);
  });

  it('acks and drops a value that does not validate', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(approveAllActionId(0), { planId: 'nope' }, 'U0SRE1', '1700000000.000100'));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
