/**
 * Runs `work` every `everyMs` until stopped (and once at the start with `atStart`), never two
 * passes at once: a slow pass makes the next one wait for the following tick, not pile up. A failed
 * pass goes to `onError`; the next one tries again. The timer does not keep the process alive;
 * stopping waits for a pass under way.
 */
export function repeatWithoutOverlap(
  work: () => Promise<unknown>,
  everyMs: number,
  onError: (err: unknown) => void,
  options: { atStart?: boolean } = {},
): () => Promise<void> {
  let running: Promise<void> | undefined;
  const pass = () => {
    if (running) return;
    running = work()
      .then(() => undefined, onError)
      .finally(() => {
        running = undefined;
      });
  };
  const timer = setInterval(pass, everyMs);
  timer.unref();
  if (options.atStart) pass();
  return async () => {
    clearInterval(timer);
    await running;
  };
}
