import { App, type Receiver } from '@slack/bolt';
import pino from 'pino';
import { toBoltLogger } from '../../src/logger.ts';
import type { Services } from '../../src/services/index.ts';
import { recordingServices, type Step } from './recording-services.ts';
import { blockActionsPayload } from './slack-client.ts';

/** Nothing listens on a port: requests are handed to the app directly. */
const NO_RECEIVER: Receiver = {
  init: () => undefined,
  start: async () => undefined,
  stop: async () => undefined,
};

export interface ListenerApp {
  /** Acks and hand-offs, in the order they happened. */
  steps: Step[];
  /** JSON lines the listeners logged (warn and up: parse failures and the like). */
  logs: string[];
  /** Hands Bolt one request body, as its HTTP receiver would after checking the signature. */
  deliver(body: Record<string, unknown>): Promise<void>;
}

/**
 * A real Bolt App with the listeners of one kind registered on recording services: Bolt's own
 * routing, middleware and argument building, without HTTP. For unit tests of listeners.
 */
export function listenerApp(
  register: (app: App, services: Services) => void,
  options: { canSave?: boolean } = {},
): ListenerApp {
  const steps: Step[] = [];
  const logs: string[] = [];
  const logger = pino({ level: 'warn' }, { write: (line: string) => void logs.push(line) });
  const app = new App({
    receiver: NO_RECEIVER,
    authorize: async () => ({ botToken: 'xoxb-test', botUserId: 'UBOT', botId: 'BBOT' }),
    logger: toBoltLogger(logger),
  });
  register(app, recordingServices(steps, logs, options));
  return {
    steps,
    logs,
    async deliver(body) {
      await app.processEvent({
        body,
        ack: async (response?: unknown) => {
          steps.push({ kind: 'ack', response });
        },
      });
    },
  };
}

/** A click on a button in #C0PLANS: `value` as the button carries it, by `userId`, on message `messageTs`. */
export function buttonClick(
  actionId: string,
  value: unknown,
  userId = 'U0SRE1',
  messageTs = '1700000000.000200',
) {
  return blockActionsPayload({
    userId,
    channelId: 'C0PLANS',
    messageTs,
    actionId,
    blockId: 'buttons',
    value: typeof value === 'string' ? value : JSON.stringify(value),
  });
}
