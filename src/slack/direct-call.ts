import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { finished } from 'node:stream';
import { urlToHttpOptions } from 'node:url';
import {
  type ViewsOpenArguments,
  type ViewsOpenResponse,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import { viewCallBody } from './blocks/reused-view.ts';

export interface DirectCallOptions {
  /** Web API base URL, ending in `/` (default https://slack.com/api/). */
  apiUrl?: string;
  token: string;
  timeoutMs: number;
  /** Told of every 429 (metrics): WebClient's RATE_LIMITED event does not see these calls. */
  onRateLimited?: (method: string) => void;
}

const SLACK_API = 'https://slack.com/api/';
const OK_ANSWER = /^\s*\{\s*"ok"\s*:\s*true\s*[,}]/;
/** Enough of the answer's start for OK_ANSWER; a shorter first chunk just takes the full parse. */
const OK_PREFIX_BYTES = 64;

/**
 * views.open without @slack/web-api's per-call machinery. The modal is opened right after a
 * command's ack, so its CPU competes with the acks of the commands behind it; through WebClient a
 * call cost a queue, a retry wrapper, three eager redactions and JSON.stringify for debug lines
 * never printed, and form-encoding a 10 KB view (issue 14, BENCHMARKS.md). Here: one JSON body on a
 * keep-alive connection, Slack's answer turned into the same error classes WebClient throws. No
 * retry: a trigger lives 3 s. Pacing still applies (src/slack/pacing.ts).
 */
export function directViewsOpen(
  options: DirectCallOptions,
): (args: ViewsOpenArguments) => Promise<ViewsOpenResponse> {
  const base = options.apiUrl ?? SLACK_API;
  const url = new URL('views.open', base.endsWith('/') ? base : `${base}/`);
  const secure = url.protocol === 'https:';
  const agent = secure ? new HttpsAgent({ keepAlive: true }) : new HttpAgent({ keepAlive: true });
  const send = secure ? httpsRequest : httpRequest;
  const target = urlToHttpOptions(url);
  return (args) =>
    new Promise<ViewsOpenResponse>((resolve, reject) => {
      const body = viewCallBody(args);
      const req = send({
        ...target,
        method: 'POST',
        agent,
        timeout: options.timeoutMs,
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json; charset=utf-8',
          'content-length': body.reduce((bytes, piece) => bytes + piece.length, 0),
        },
      });
      req.once('timeout', () =>
        req.destroy(new Error(`views.open: no answer within ${options.timeoutMs} ms`)),
      );
      req.once('error', (err) => reject(new WebAPIRequestError(err)));
      req.once('response', (res) => {
        readAnswer(res)
          .catch((err: Error) => {
            throw new WebAPIRequestError(err);
          })
          .then((chunks) => resultOf(res, chunks, options))
          .then(resolve, reject);
      });
      for (const piece of body) req.write(piece);
      req.end();
    });
}

/** The answer's bytes, once it has all come (a cut answer rejects). */
function readAnswer(res: IncomingMessage): Promise<Buffer[]> {
  const chunks: Buffer[] = [];
  res.on('data', (chunk: Buffer) => chunks.push(chunk));
  return new Promise((resolve, reject) => {
    finished(res, (err) => (err ? reject(err) : resolve(chunks)));
  });
}

function resultOf(res: IncomingMessage, chunks: Buffer[], options: DirectCallOptions): ViewsOpenResponse {
  const status = res.statusCode ?? 0;
  if (status === 429) {
    options.onRateLimited?.('views.open');
    throw new WebAPIRateLimitedError(Number(res.headers['retry-after'] ?? 1) || 1);
  }
  if (status !== 200) {
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
    throw new WebAPIHTTPError(status, res.statusMessage ?? '', headers, textOf(chunks));
  }
  // Nothing reads a successful answer but its `ok`; decoding and parsing the view Slack echoes back
  // (as large as the one sent) was a tenth of the call's CPU. Slack puts "ok" first.
  if (OK_ANSWER.test(chunks[0]?.toString('latin1', 0, OK_PREFIX_BYTES) ?? '')) return { ok: true };
  const result = JSON.parse(textOf(chunks)) as ViewsOpenResponse;
  if (!result.ok) throw new WebAPIPlatformError({ ...result, error: result.error ?? 'unknown_error' });
  return result;
}

function textOf(chunks: Buffer[]): string {
  return Buffer.concat(chunks).toString('utf8');
}
