import { AppError } from '../errors.ts';
import type { Clock } from '../lib/clock.ts';
import { parseWaitMs } from './rate-limit.ts';

/**
 * The one HTTP layer every evidence connector goes through. It cannot write: only GET, only to
 * the configured origins, no redirects, a bounded time-out per request, `Retry-After` and
 * rate-limit headers honoured (a short wait is waited once; a longer one closes that origin
 * until then), and each answer cached for a short time. Credentials travel in headers only and
 * are never part of a cache key, an error message or a log line.
 */
export type EvidenceHttpCode = 'not_get' | 'host_not_allowed' | 'timeout' | 'rate_limited' | 'network';

export class EvidenceHttpError extends AppError {
  constructor(code: EvidenceHttpCode, message: string) {
    super(code, message);
  }
}

export interface EvidenceHttpOptions {
  fetch: typeof globalThis.fetch;
  clock: Clock;
  /** Origins (scheme://host[:port]) the connectors are configured for; nothing else is reached. */
  allowedOrigins: readonly string[];
  timeoutMs: number;
  cacheMs: number;
  /** The longest Retry-After waited in place (once); longer ones make the check unknown. */
  maxRetryWaitMs: number;
  sleep?: (ms: number) => Promise<void>;
}

/** A fetch for the connectors: `fresh` skips the cache (Refresh evidence always asks again). */
export interface EvidenceHttp {
  fetcher(options: { fresh: boolean }): typeof globalThis.fetch;
}

interface Cached {
  at: number;
  status: number;
  headers: [string, string][];
  body: string;
}

const MAX_CACHE_ENTRIES = 500;
/** An answer larger than this is not read: no evidence page is anywhere near it. */
export const MAX_BODY_CHARS = 8_000_000;

export function createEvidenceHttp(options: EvidenceHttpOptions): EvidenceHttp {
  const allowed = new Set(options.allowedOrigins.map((o) => new URL(o).origin));
  const cache = new Map<string, Cached>();
  const closedUntil = new Map<string, number>();
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = () => options.clock.now().getTime();

  async function send(url: URL, headers: Headers): Promise<Cached> {
    for (let attempt = 0; ; attempt++) {
      const until = closedUntil.get(url.origin) ?? 0;
      if (until > now()) {
        throw new EvidenceHttpError(
          'rate_limited',
          `${url.host} asked us to wait until ${new Date(until).toISOString()} (rate limit)`,
        );
      }
      const answer = await once(options, url, headers);
      const wait = rateLimitWait(answer, now());
      if (wait === undefined) return answer;
      if (attempt === 0 && wait <= options.maxRetryWaitMs) {
        await sleep(wait);
        continue;
      }
      closedUntil.set(url.origin, now() + Math.max(wait, 1000));
      return answer;
    }
  }

  return {
    fetcher:
      ({ fresh }) =>
      async (input, init) => {
        const request = new Request(input, init);
        if (request.method !== 'GET') {
          throw new EvidenceHttpError('not_get', `evidence connectors only read: ${request.method} refused`);
        }
        const url = new URL(request.url);
        if (!allowed.has(url.origin)) {
          throw new EvidenceHttpError('host_not_allowed', `${url.host} is not a configured evidence source`);
        }
        const key = `${request.headers.get('accept') ?? ''} ${url.href}`;
        const hit = cache.get(key);
        if (!fresh && hit && now() - hit.at < options.cacheMs) return toResponse(hit, url);
        const answer = await send(url, request.headers);
        if (answer.status >= 200 && answer.status < 300) remember(cache, key, answer);
        return toResponse(answer, url);
      },
  };
}

async function once(options: EvidenceHttpOptions, url: URL, headers: Headers): Promise<Cached> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  try {
    const res = await options.fetch(url, { method: 'GET', headers, redirect: 'error', signal });
    if (Number(res.headers.get('content-length') ?? 0) > MAX_BODY_CHARS) {
      await res.body?.cancel();
      throw new EvidenceHttpError('network', `${url.host} answered more than ${MAX_BODY_CHARS} bytes`);
    }
    const body = await res.text();
    if (body.length > MAX_BODY_CHARS) {
      throw new EvidenceHttpError('network', `${url.host} answered more than ${MAX_BODY_CHARS} bytes`);
    }
    return { at: options.clock.now().getTime(), status: res.status, headers: [...res.headers], body };
  } catch (err) {
    if (err instanceof EvidenceHttpError) throw err;
    if (signal.aborted) {
      throw new EvidenceHttpError('timeout', `${url.host} did not answer within ${options.timeoutMs} ms`);
    }
    const reason = err instanceof Error ? (err.cause instanceof Error ? err.cause.message : err.message) : '';
    throw new EvidenceHttpError('network', `${url.host} could not be reached${reason ? ` (${reason})` : ''}`);
  }
}

/** How long an answer asks us to wait: 429, or 403 with Retry-After or an exhausted limit. */
function rateLimitWait(answer: Cached, now: number): number | undefined {
  const limited =
    answer.status === 429 || (answer.status === 403 && answer.headers.some(([k, v]) => isLimitHeader(k, v)));
  if (!limited) return undefined;
  return parseWaitMs(new Headers(answer.headers), now) ?? 60_000;
}

function isLimitHeader(name: string, value: string): boolean {
  return name === 'retry-after' || (name === 'x-ratelimit-remaining' && value === '0');
}

function remember(cache: Map<string, Cached>, key: string, answer: Cached): void {
  cache.delete(key);
  cache.set(key, answer);
  if (cache.size > MAX_CACHE_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) cache.delete(oldest);
  }
}

/** A fresh Response each time (a body reads once), carrying its URL as fetch's own would (paging reads it). */
function toResponse(answer: Cached, url: URL): Response {
  const empty = answer.status === 204 || answer.status === 304;
  const response = new Response(empty ? null : answer.body, {
    status: answer.status,
    headers: answer.headers,
  });
  Object.defineProperty(response, 'url', { value: url.href });
  return response;
}
