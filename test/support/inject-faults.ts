/**
 * Preloaded into a bot process (`node --import`) by tests of the last-resort handler: on SIGUSR2 it
 * throws in a timer and rejects a promise nobody awaits, as a bug in a library would.
 */
process.on('SIGUSR2', () => {
  setTimeout(() => {
    throw new Error('injected uncaught exception');
  }, 0);
  Promise.reject(new Error('injected unhandled rejection'));
});
