import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import {
  type ViewsOpenArguments,
  type ViewsOpenResponse,
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';

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
  return (args) =>
    new Promise<ViewsOpenResponse>((resolve, reject) => {
      const body = JSON.stringify(args);
      const req = send(url, {
        method: 'POST',
        agent,
        timeout: options.timeoutMs,
        headers: {
          authorization: `Bearer ${options.token}`,
          'content-type': 'application/json; charset=utf-8',
          'content-length': Buffer.byteLength(body),
        },
      });
      req.once('timeout', () =>
        req.destroy(new Error(`views.open: no answer within ${options.timeoutMs} ms`)),
      );
      req.once('error', (err) => reject(new WebAPIRequestError(err)));
      req.once('response', (res) => {
        readAnswer(res)
          .then((text) => resultOf(res, text, options))
          .then(resolve, reject);
      });
      req.end(body);
    });
}

async function readAnswer(res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of res) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function resultOf(res: IncomingMessage, text: string, options: DirectCallOptions): ViewsOpenResponse {
  const status = res.statusCode ?? 0;
  if (status === 429) {
    options.onRateLimited?.('views.open');
    throw new WebAPIRateLimitedError(Number(res.headers['retry-after'] ?? 1) || 1);
  }
  if (status !== 200) {
    const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)]));
    throw new WebAPIHTTPError(status, res.statusMessage ?? '', headers, text);
  }
  // Nothing reads a successful answer but its `ok`; parsing the view Slack echoes back (as large
  // as the one sent) was a tenth of the call's CPU. Slack puts "ok" first.
  if (OK_ANSWER.test(text)) return { ok: true };
  const result = JSON.parse(text) as ViewsOpenResponse;
  if (!result.ok) throw new WebAPIPlatformError({ ...result, error: result.error ?? 'unknown_error' });
  return result;
}
