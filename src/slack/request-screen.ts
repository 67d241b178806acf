import { createHmac, createSecretKey, type KeyObject, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, RequestListener } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type BufferedIncomingMessage,
  HTTPModuleFunctions as boltHttp,
  HTTPReceiver,
  type HTTPReceiverOptions,
} from '@slack/bolt';
import type { Logger } from 'pino';
import { errorMessage } from '../errors.ts';
import { malformedPart } from './envelope.ts';

/** Slack's window for a request's timestamp, in either direction (Bolt only checks the past). */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
const EVENTS_PATH = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';

type Verdict = { ok: true } | { ok: false; status: 400 | 401 | 413; why: string };

export interface ScreenOptions {
  logger: Logger;
  /** Milliseconds since the epoch; the system clock by default. */
  now?: () => number;
}

/**
 * Bolt's HTTPReceiver with a screen in front of `POST /slack/events`: a request is answered 401
 * unless its signature is good and its timestamp is within five minutes of now (either way), and
 * 400 unless its body is a JSON object of the shape its type needs — so a signed `null` is a 400,
 * not a TypeError inside the receiver. Other routes (/healthz, /readyz, /metrics) go straight to
 * Bolt. The signature is checked here only: Bolt's own check of the same request (a second HMAC,
 * and a timing-safe compare that costs two more HMACs with a fresh random key) was a third of the
 * CPU an acknowledged command cost (issue 14, BENCHMARKS.md), so it is turned off — every request
 * Bolt would check (POST to its one endpoint) passes through this screen first.
 */
export function screenedReceiver(
  receiverOptions: HTTPReceiverOptions,
  { logger, now = Date.now }: ScreenOptions,
): HTTPReceiver {
  const receiver = new HTTPReceiver({ ...receiverOptions, signatureVerification: false });
  const bolt = receiver.requestListener;
  const key = createSecretKey(Buffer.from(receiverOptions.signingSecret, 'utf8'));
  const screened: RequestListener = (req, res) => {
    if (!isEventsPost(req)) return bolt(req, res);
    screen(req, key, now())
      .then((verdict) => {
        if (verdict.ok) return bolt(req, res);
        logger.warn({ status: verdict.status, why: verdict.why }, 'Slack request refused');
        boltHttp.buildNoBodyResponse(res, verdict.status);
      })
      .catch((err: unknown) => {
        logger.error({ err }, 'Slack request could not be screened');
        if (!res.headersSent) boltHttp.buildNoBodyResponse(res, 500);
      });
  };
  receiver.requestListener = screened;
  return receiver;
}

function isEventsPost(req: IncomingMessage): boolean {
  return req.method === 'POST' && new URL(req.url ?? '/', 'http://localhost').pathname === EVENTS_PATH;
}

async function screen(req: IncomingMessage, key: KeyObject, nowMs: number): Promise<Verdict> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await boltHttp.bufferIncomingMessage(req, boltHttp.defaultBodyLimit);
  } catch (err) {
    const tooLarge = boltHttp.isRawBodyError(err) && err.statusCode === 413;
    return { ok: false, status: tooLarge ? 413 : 400, why: errorMessage(err) };
  }
  const text = buffered.rawBody.toString();
  if (isSslCheck(req, text)) return { ok: true };
  const signed = checkSignature(req, text, key, nowMs);
  if (!signed.ok) return signed;
  let body: unknown;
  try {
    body = boltHttp.parseHTTPRequestBody(buffered);
  } catch (err) {
    return { ok: false, status: 400, why: `malformed body: ${errorMessage(err)}` };
  }
  const part = malformedPart(body);
  return part
    ? { ok: false, status: 400, why: `malformed body: ${part} missing or of the wrong kind` }
    : { ok: true };
}

/**
 * Slack's SSL check carries no signature; Bolt answers it (keeping nothing but ssl_check=1). Only a
 * form with an `ssl_check=` key is parsed here: a signed command's text has its `=` encoded, and
 * parsing every form an extra time was 1.5% of a command's CPU.
 */
function isSslCheck(req: IncomingMessage, text: string): boolean {
  return (
    req.headers['content-type'] === FORM && text.includes('ssl_check=') && parseQuery(text).ssl_check === '1'
  );
}

function checkSignature(req: IncomingMessage, text: string, key: KeyObject, nowMs: number): Verdict {
  const timestamp = Number(header(req, 'x-slack-request-timestamp'));
  const signature = header(req, 'x-slack-signature');
  if (!Number.isFinite(timestamp) || signature === undefined) {
    return { ok: false, status: 401, why: 'no signature or timestamp' };
  }
  const skew = Math.abs(Math.floor(nowMs / 1000) - timestamp);
  if (skew > MAX_CLOCK_SKEW_SECONDS) {
    return {
      ok: false,
      status: 401,
      why: `timestamp ${skew} s away from now (limit ${MAX_CLOCK_SKEW_SECONDS} s)`,
    };
  }
  return signatureMatches(key, timestamp, text, signature)
    ? { ok: true }
    : { ok: false, status: 401, why: 'signature mismatch' };
}

const SIGNATURE = /^v0=([0-9a-f]{64})$/;

/** Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret, compared in constant time. */
export function signatureMatches(
  key: KeyObject,
  timestamp: number,
  body: string,
  signature: string,
): boolean {
  const hex = SIGNATURE.exec(signature)?.[1];
  if (!hex) return false;
  const expected = createHmac('sha256', key).update(`v0:${timestamp}:`).update(body).digest();
  return timingSafeEqual(expected, Buffer.from(hex, 'hex'));
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}
