import { createHmac } from 'node:crypto';
import { COMMAND } from '../../src/slack/ids.ts';
import { nextTriggerId } from './slack-client/payloads.ts';

export {
  type BlockActionsInput,
  blockActionsPayload,
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
}

export interface EventOptions extends TamperOptions {
  retryNum?: number;
  retryReason?: string;
}

export interface CommandInput {
  text: string;
  userId: string;
  channelId: string;
  triggerId?: string;
  teamId?: string;
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

let commands = 0;

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
    commands += 1;
    const teamId = input.teamId ?? 'T1';
    const fields = {
      token: 'fake-verification-token',
      team_id: teamId,
      team_domain: 'fake-team',
      channel_id: input.channelId,
      channel_name: input.channelId.toLowerCase(),
      user_id: input.userId,
      user_name: input.userId.toLowerCase(),
      command: COMMAND,
      text: input.text,
      api_app_id: 'A0FAKEAPP',
      is_enterprise_install: 'false',
      response_url: `${this.responseUrlBase}${teamId}/${commands}/fake`,
      trigger_id: input.triggerId ?? nextTriggerId(),
    };
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
    const timestamp = tamper.staleTimestamp ? now - STALE_SECONDS : now;
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
