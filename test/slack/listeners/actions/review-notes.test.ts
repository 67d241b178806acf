import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const SECTION_TS = '1700000000.000900';

describe('See review notes on a reviewed gating section', () => {
  it('acks, then opens the notes of the plan named by the button with the click’s trigger', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.reviewNotes, { planId: PLAN }, 'U0REQ', SECTION_TS));
    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'openReviewNotes',
        input: [{ triggerId: expect.any(String), userId: 'U0REQ', channelId: 'C0PLANS' }, PLAN],
      },
    ]);
  });

  it('acks and drops a button whose plan id is not one', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.reviewNotes, { planId: 'nope' }, 'U0REQ', SECTION_TS));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
