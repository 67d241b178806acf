import { describe, expect, it } from 'vitest';
import { ACTION } from '../../../../src/slack/ids.ts';
import { registerActions } from '../../../../src/slack/listeners/actions/index.ts';
import { buttonClick, listenerApp } from '../../../fakes/listener-app.ts';

const PLAN = '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69';
const ROOT_TS = '1700000000.000100';

describe('Refresh evidence button on the root', () => {
  it('acks, then refreshes the evidence of the plan named by the button, for whoever clicked', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.refreshEvidence, { planId: PLAN }, 'U0SRE1', ROOT_TS));
    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      { kind: 'call', method: 'refreshEvidence', input: [{ planId: PLAN, userId: 'U0SRE1' }] },
    ]);
  });

  it('acks and drops a forged value', async () => {
    const app = listenerApp(registerActions);
    await app.deliver(buttonClick(ACTION.refreshEvidence, { planId: 'not-a-plan' }, 'U0SRE1', ROOT_TS));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
