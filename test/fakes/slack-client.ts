import { createHmac } from 'node:crypto';
import { type CommandInput, commandPayload } from './slack-client/payloads.ts';

export {
  appHomeOpenedEvent,
  type BlockActionsInput,
  blockActionsPayload,
  type CommandInput,
  commandPayload,
  nextTriggerId,
  type ThreadReplyInput,
  threadReplyEvent,
  type ViewSubmissionInput,
  viewClosedPayload,
  viewSubmissionPayload,
} from './slack-client/payloads.ts';

/** Slack's v0 request signature: "v0=" + hex HMAC-SHA256 of "v0:<ts>:<raw body>". */
export function sign(secret: string, rawBody: string, timestamp: number): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${rawBody}`).digest('hex')}`;
}

export interface SlackTestResponse {
  status: number;
  headers: Record<string, string>;
  text: string;
  json(): unknown;
}

/** Ways to send a request Bolt must refuse (401). */
export interface TamperOptions {
  wrongSignature?: boolean;
  /** Signed correctly, but 6 minutes old: past Bolt's 5-minute window. */
  staleTimestamp?: boolean;
  /** Signed correctly, stamped this many seconds from now (negative: in the past, positive: in the future). */
  timestampOffsetSeconds?: number;
}

export interface EventOptions extends TamperOptions {
  retryNum?: number;
  retryReason?: string;
}

export interface SlackTestClientOptions {
  /** e.g. http://127.0.0.1:PORT — requests go to `${baseUrl}/slack/events`. */
  baseUrl: string;
  signingSecret: string;
  /** Where commands' response_url points; use fake.responseUrlBase so the bot's replies stay local. */
  responseUrlBase?: string;
}

const FORM = 'application/x-www-form-urlencoded';
const STALE_SECONDS = 6 * 60;

/** Sends signed requests to a running Bolt HTTP app, as Slack would. */
export class SlackTestClient {
  private readonly endpoint: string;
  private readonly signingSecret: string;
  private readonly responseUrlBase: string;

  constructor({ baseUrl, signingSecret, responseUrlBase }: SlackTestClientOptions) {
    this.endpoint = `${baseUrl.replace(/\/+$/, '')}/slack/events`;
    this.signingSecret = signingSecret;
    this.responseUrlBase = responseUrlBase ?? 'https://hooks.slack.com/commands/';
  }

  command(input: CommandInput, tamper: TamperOptions = {}): Promise<SlackTestResponse> {
    const fields = commandPayload({ ...input, responseUrlBase: this.responseUrlBase });
    return this.post(new URLSearchParams(fields).toString(), FORM, {}, tamper);
  }

  blockActions(payload: object, tamper: TamperOptions = {}): Promise<SlackTestResponse> {
    return this.interactivity(payload, tamper);
  }

  viewSubmission(payload: object, tamper: TamperOptions = {}): Promise<SlackTestResponse> {
    return this.interactivity(payload, tamper);
  }

  viewClosed(payload: object, tamper: TamperOptions = {}): Promise<SlackTestResponse> {
    return this.interactivity(payload, tamper);
  }

  event(
    envelope: object,
    { retryNum, retryReason, ...tamper }: EventOptions = {},
  ): Promise<SlackTestResponse> {
    const retry: Record<string, string> = {};
    if (retryNum !== undefined) retry['X-Slack-Retry-Num'] = String(retryNum);
    if (retryReason !== undefined) retry['X-Slack-Retry-Reason'] = retryReason;
    return this.post(JSON.stringify(envelope), 'application/json', retry, tamper);
  }

  /** Any body, signed as Slack would sign it: for malformed payloads Slack itself never sends. */
  signedRaw(
    body: string,
    contentType = 'application/json',
    tamper: TamperOptions = {},
  ): Promise<SlackTestResponse> {
    return this.post(body, contentType, {}, tamper);
  }

  private interactivity(payload: object, tamper: TamperOptions): Promise<SlackTestResponse> {
    return this.post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), FORM, {}, tamper);
  }

  private async post(
    body: string,
    contentType: string,
    extraHeaders: Record<string, string>,
    tamper: TamperOptions,
  ): Promise<SlackTestResponse> {
    const now = Math.floor(Date.now() / 1000);
    const timestamp = tamper.staleTimestamp
      ? now - STALE_SECONDS
      : now + (tamper.timestampOffsetSeconds ?? 0);
    const signature = tamper.wrongSignature
      ? sign(`${this.signingSecret}-wrong`, body, timestamp)
      : sign(this.signingSecret, body, timestamp);
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: {
        // Exactly this string for forms: with "; charset=utf-8" Bolt tries JSON.parse and answers 400.
        'Content-Type': contentType,
        'X-Slack-Request-Timestamp': String(timestamp),
        'X-Slack-Signature': signature,
        ...extraHeaders,
      },
      body,
    });
    const text = await res.text();
    return {
      status: res.status,
      headers: Object.fromEntries(res.headers.entries()),
      text,
      json: () => JSON.parse(text),
    };
  }
}
