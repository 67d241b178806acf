/** Socket-level codes of a connection that dropped (undici's and Node's). */
const DROPPED = new Set(['UND_ERR_SOCKET', 'UND_ERR_CLOSED', 'ECONNRESET', 'EPIPE', 'ECONNABORTED']);

/**
 * True when a stream failed because the connection dropped in the middle of the answer: the SDKs
 * retry a connection that fails before the answer starts, not one that breaks while streaming.
 */
export function isConnectionLost(error: unknown, depth = 0): boolean {
  if (!(error instanceof Error) || depth > 4) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && DROPPED.has(code)) return true;
  // undici's body stream fails with TypeError("terminated") whose cause carries the socket error.
  if (error.message === 'terminated' && error.cause === undefined) return true;
  return isConnectionLost(error.cause, depth + 1);
}
