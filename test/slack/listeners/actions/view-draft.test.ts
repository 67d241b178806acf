import { describe, expect, it } from 'vitest';
import { REVIEW_ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const VALUE = { planId: '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69', itemKey: 'writeback:jira-epic-update' };

describe('View draft button', () => {
  it('acks, then opens the draft’s whole text with the click’s trigger', async () => {
    const app = listenerApp(registerActions);
    const payload = buttonClick(REVIEW_ACTION.viewDraft, VALUE, 'U0SRE1', '1700000000.000300');
    await app.deliver(payload);

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'viewDraft',
        input: [{ triggerId: payload.trigger_id, userId: 'U0SRE1', channelId: 'C0PLANS' }, VALUE],
      },
    ]);
  });
});
