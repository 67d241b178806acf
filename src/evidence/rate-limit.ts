/**
 * How long a rate-limited answer asks us to wait, from the headers the four APIs send:
 * `Retry-After` (seconds or an HTTP date; all four), `x-ratelimit-reset` (GitHub: epoch seconds;
 * Datadog: seconds to go), `ratelimit-reset` (PagerDuty: seconds to go). Undefined: none given.
 */
export function parseWaitMs(headers: Headers, now: number): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const seconds = Number(retryAfter);
    if (retryAfter.trim() !== '' && Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const reset = headers.get('x-ratelimit-reset') ?? headers.get('ratelimit-reset');
  if (reset === null) return undefined;
  const value = Number(reset);
  if (!Number.isFinite(value)) return undefined;
  // Epoch seconds (GitHub) are far larger than any seconds-to-go value.
  return value > 1_000_000_000 ? Math.max(0, value * 1000 - now) : Math.max(0, value * 1000);
}
