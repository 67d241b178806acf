import { describe, expect, it } from 'vitest';
import { approveActionId } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const VALUE = { planId: PLAN, itemKey: 'gating', version: 1, hash: 'a'.repeat(64), role: 'SRE lead' };

describe('Approve button', () => {
  it.each([0, 1, 2])(
    'acks, then hands the click on button %i (one per open role) to approvals',
    async (index) => {
      const app = listenerApp(registerActions);
      await app.deliver(buttonClick(approveActionId(index), JSON.stringify(VALUE)));

      expect(app.steps).toEqual([
        { kind: 'ack', response: undefined },
        {
          kind: 'call',
          method: 'approveItem',
          input: [{ ...VALUE, userId: 'U0SRE1', channelId: 'C0PLANS' }],
        },
      ]);
    },
  );

  it.each([
    ['not JSON', '{'],
    ['a value of another button', JSON.stringify({ planId: PLAN })],
    ['a forged hash', JSON.stringify({ ...VALUE, hash: 'not-a-hash' })],
  ])('acks and drops a click carrying %s, with a warning', async (_name, value) => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(approveActionId(0), value));

    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
    expect(app.logs.join('\n')).toMatch(/without a valid value/);
  });
});
