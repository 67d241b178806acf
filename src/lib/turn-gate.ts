/**
 * Lets waiters through one per event-loop turn, in arrival order. Background work that arrives in a
 * burst (20 plans finishing a section in the same moment) passes one step per turn, so the requests
 * read in between are acked between the steps instead of after all of them (issue 14).
 */
export type TurnGate = () => Promise<void>;

export function createTurnGate(): TurnGate {
  const waiting: (() => void)[] = [];
  let scheduled = false;
  // A setImmediate queued from a check-phase callback runs in the next turn, after its poll phase.
  const release = () => {
    waiting.shift()?.();
    scheduled = waiting.length > 0;
    if (scheduled) setImmediate(release);
  };
  return () =>
    new Promise<void>((resolve) => {
      waiting.push(resolve);
      if (!scheduled) {
        scheduled = true;
        setImmediate(release);
      }
    });
}
