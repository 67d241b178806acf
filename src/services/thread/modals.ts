import { setImmediate as afterThisTurn } from 'node:timers/promises';
import type { ModalView } from '@slack/types';
import type { ServiceDeps } from '../deps.ts';
import { notifyUser } from './notices.ts';
import { type RetryHint, slackErrorCode, slackFailureAdvice } from './slack-errors.ts';

/** Where a modal opens from: a command or a button click, whose trigger_id lives 3 s. */
export interface ModalTrigger {
  triggerId: string;
  userId: string;
  channelId: string;
  /** A slash command's response_url, when the modal opens from one. */
  responseUrl?: string | null;
}

/**
 * Opens a modal right after the ack. When it cannot be opened (the trigger expired, the app lacks
 * access, the view could not be built…), the person is told privately what to do; nothing is thrown.
 *
 * The modal waits for the end of the event-loop turn, so the acks of every request read in that turn
 * go out before it: under load an ack no longer queues behind other commands' modals (50 commands
 * at once: ack p99 138–180 → 70–129 ms, the modal a few ms later; BENCHMARKS.md, issue 14).
 */
export async function openModal(
  deps: Pick<ServiceDeps, 'client' | 'logger'>,
  trigger: ModalTrigger,
  build: () => ModalView,
  again: RetryHint,
): Promise<void> {
  try {
    await afterThisTurn();
    await deps.client.views.open({ trigger_id: trigger.triggerId, view: build() });
  } catch (err) {
    deps.logger.warn({ err, channelId: trigger.channelId }, 'views.open failed');
    const advice = slackFailureAdvice(slackErrorCode(err), trigger.channelId, again);
    await notifyUser(deps, { ...trigger, responseUrl: trigger.responseUrl ?? null }, advice);
  }
}
