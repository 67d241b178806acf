import type { ModalView } from '@slack/types';
import { describe, expect, it } from 'vitest';
import { buildRequestModal } from '../../../../src/slack/blocks/request-modal.ts';
import { CALLBACK, FIELD } from '../../../../src/slack/ids.ts';
import { registerViews } from '../../../../src/slack/listeners/views/index.ts';
import { CANNOT_SAVE } from '../../../../src/slack/listeners/views/plan-request.ts';
import { encodeJson } from '../../../../src/slack/metadata.ts';
import { ANSWERS } from '../../../e2e/flow.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { type Answers, fillModal } from '../../../fakes/modal-fill.ts';
import { CHOICES } from '../../../fakes/service-deps.ts';
import { viewSubmissionPayload } from '../../../fakes/slack-client.ts';

const METADATA = { channelId: 'C0PLANS', responseUrl: 'https://hooks.slack.com/commands/T1/1/fake' };

function submission(answers: Answers, privateMetadata = encodeJson(METADATA)) {
  const view: ModalView = buildRequestModal({
    choices: CHOICES,
    initial: {},
    matrixHint: '',
    privateMetadata,
  });
  return viewSubmissionPayload({
    userId: 'U0REQ',
    viewId: 'V0REQUEST1',
    callbackId: CALLBACK.planRequest,
    privateMetadata,
    values: fillModal(view, { ...ANSWERS, model: CHOICES[0]?.id, ...answers }),
  });
}

describe('request modal submission', () => {
  it('acks (closing the modal), then hands the parsed request and its channel to planning', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission({}));

    expect(app.steps).toEqual([
      { kind: 'call', method: 'canSave', input: [1_500] },
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'submitRequest',
        input: [
          expect.objectContaining({
            viewId: 'V0REQUEST1',
            teamId: 'T1',
            userId: 'U0REQ',
            metadata: METADATA,
            request: expect.objectContaining({
              title: ANSWERS.title,
              riskClass: 'medium',
              modelChoice: CHOICES[0]?.id,
            }),
          }),
        ],
      },
    ]);
  });

  it('answers field errors in the ack and starts nothing', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission({ [FIELD.title]: '   ' }));

    expect(app.steps).toEqual([
      { kind: 'ack', response: { response_action: 'errors', errors: { [FIELD.title]: expect.any(String) } } },
    ]);
  });

  it('closes a modal whose metadata was tampered with, starts nothing, and logs it', async () => {
    const app = listenerApp(registerViews);
    await app.deliver(submission({}, encodeJson({ channelId: 'not a channel' })));

    expect(app.steps).toEqual([
      { kind: 'call', method: 'canSave', input: [1_500] },
      { kind: 'ack', response: undefined },
    ]);
    expect(app.logs.join('\n')).toMatch(/without valid metadata/);
  });

  it('keeps the form open, with what was typed, when nothing can be saved right now', async () => {
    const app = listenerApp(registerViews, { canSave: false });
    await app.deliver(submission({}));

    expect(app.steps).toEqual([
      { kind: 'call', method: 'canSave', input: [1_500] },
      { kind: 'ack', response: { response_action: 'errors', errors: { [FIELD.title]: CANNOT_SAVE } } },
    ]);
  });
});
