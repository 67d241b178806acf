import { describe, expect, it } from 'vitest';
import { REVIEW_CALLBACK, REVIEW_FIELD } from '../../../../src/slack/ids.ts';
import { registerViews } from '../../../../src/slack/listeners/views/index.ts';
import { encodeJson } from '../../../../src/slack/metadata.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { viewSubmissionPayload } from '../../../fakes/slack-client.ts';

const METADATA = {
  planId: '0b6f1f0e-8f5e-4c1e-9b7a-2f1d3c4b5a69',
  itemKey: 'gating',
  version: 1,
  hash: 'c'.repeat(64),
  channelId: 'C0PLANS',
};

function submission(reason: string, metadata: object = METADATA) {
  return viewSubmissionPayload({
    userId: 'U0SRE1',
    viewId: 'V0CHANGES1',
    callbackId: REVIEW_CALLBACK.requestChanges,
    privateMetadata: encodeJson(metadata),
    values: { [REVIEW_FIELD.reason]: { [REVIEW_FIELD.reason]: { type: 'plain_text_input', value: reason } } },
  });
}

describe('Request changes modal submission', () => {
  it('acks, then hands the reason, the item and who asked to approvals', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission('The rollback owner is missing.'));

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'requestChanges',
        input: [
          {
            metadata: METADATA,
            viewId: 'V0CHANGES1',
            userId: 'U0SRE1',
            reason: 'The rollback owner is missing.',
          },
        ],
      },
    ]);
  });

  it('keeps the modal open with a field error for a blank reason', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission('  \n '));

    expect(app.steps).toEqual([
      {
        kind: 'ack',
        response: { response_action: 'errors', errors: { [REVIEW_FIELD.reason]: expect.any(String) } },
      },
    ]);
  });

  it('closes a modal whose metadata does not validate and decides nothing', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission('Looks wrong.', { ...METADATA, hash: 'forged' }));

    expect(app.steps).toEqual([{ kind: 'ack', response: undefined }]);
    expect(app.logs.join('\n')).toMatch(/without valid metadata/);
  });
});
