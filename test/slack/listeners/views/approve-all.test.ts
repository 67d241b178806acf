import { describe, expect, it } from 'vitest';
import { REVIEW_CALLBACK } from '../../../../src/slack/ids.ts';
import { registerViews } from '../../../../src/slack/listeners/views/index.ts';
import { encodeJson } from '../../../../src/slack/metadata.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { viewSubmissionPayload } from '../../../fakes/slack-client.ts';

const METADATA = {
  planId: '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69',
  role: 'SRE lead',
  channelId: 'C0PLANS',
  items: [
    { itemKey: 'gating', version: 1, hash: 'c'.repeat(64) },
    { itemKey: 'exit', version: 2, hash: 'd'.repeat(64) },
  ],
};

function submission(metadata: object) {
  return viewSubmissionPayload({
    userId: 'U0SRE1',
    viewId: 'V0ALL1',
    callbackId: REVIEW_CALLBACK.approveAll,
    privateMetadata: encodeJson(metadata),
    values: {},
  });
}

describe('Approve all modal submission', () => {
  it('acks (closing it), then hands the items as shown and who submitted to approvals', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission(METADATA));
    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      { kind: 'call', method: 'approveAll', input: [{ metadata: METADATA, userId: 'U0SRE1' }] },
    ]);
  });

  it('closes a modal whose metadata does not validate and decides nothing', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission({ ...METADATA, items: [] }));
    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
  });
});
