import { describe, expect, it } from 'vitest';
import { registerCommands } from '../../../../src/slack/listeners/commands/index.ts';
import { listenerApp } from '../../../fakes/listener-app.ts';
import { commandPayload } from '../../../fakes/slack-client.ts';

describe('/release-plan', () => {
  it('acks at once, then hands the trimmed text and where it came from to the request form', async () => {
    const app = listenerApp(registerCommands);
    const body = commandPayload({ text: '  Payments v2 rollout ', userId: 'U0REQ', channelId: 'C0PLANS' });
    await app.deliver(body);

    expect(app.steps).toEqual([
      { kind: 'ack', response: undefined },
      {
        kind: 'call',
        method: 'openRequestForm',
        input: [
          {
            triggerId: body.trigger_id,
            userId: 'U0REQ',
            channelId: 'C0PLANS',
            text: 'Payments v2 rollout',
            responseUrl: body.response_url,
          },
        ],
      },
    ]);
  });

  it.each(['help', 'HELP', '?', '-h', '--help'])(
    'answers %j with usage, privately, in the ack',
    async (text) => {
      const app = listenerApp(registerCommands);
      await app.deliver(commandPayload({ text, userId: 'U0REQ', channelId: 'C0PLANS' }));

      expect(app.steps).toEqual([
        {
          kind: 'ack',
          response: expect.objectContaining({ response_type: 'ephemeral', blocks: expect.any(Array) }),
        },
      ]);
    },
  );

  it.each(['freezes', 'Freezes', 'freeze'])(
    'answers %j privately through the freezes service, after the ack',
    async (text) => {
      const app = listenerApp(registerCommands);
      const body = commandPayload({ text, userId: 'U0REQ', channelId: 'C0PLANS' });
      await app.deliver(body);

      expect(app.steps).toEqual([
        { kind: 'ack', response: undefined },
        {
          kind: 'call',
          method: 'showFreezes',
          input: [{ userId: 'U0REQ', channelId: 'C0PLANS', responseUrl: body.response_url }],
        },
      ]);
    },
  );
});
