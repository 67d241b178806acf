import { nextTriggerId } from '../../test/fakes/slack-client.ts';

/**
 * Trigger ids in a range of their own, so they never collide with the ones the parent process
 * issues, carrying the time they were sent (their middle part) so that the time to the modal can
 * be read off the views.open calls: see sentAtOfTrigger.
 */
export function loadTriggerId(): string {
  return nextTriggerId()
    .replace(/^\d+/, (n) => String(Number(n) + 9_000_000))
    .replace(/\.\d+\./, `.${Date.now()}.`);
}

/** When the load client sent the command whose trigger id this is; undefined for other ids. */
export function sentAtOfTrigger(triggerId: string): number | undefined {
  const match = /^\d+\.(\d{13})\./.exec(triggerId);
  return match?.[1] === undefined ? undefined : Number(match[1]);
}
