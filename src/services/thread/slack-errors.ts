import {
  WebAPIHTTPError,
  WebAPIPlatformError,
  WebAPIRateLimitedError,
  WebAPIRequestError,
} from '@slack/web-api';
import type { NoticeText } from '../../slack/blocks/notice.ts';

/** The Slack error code of a Web API failure (`not_in_channel`, `expired_trigger_id`, …), if any. */
export function slackErrorCode(err: unknown): string | undefined {
  if (err instanceof WebAPIPlatformError) return err.data.error;
  if (err instanceof WebAPIRateLimitedError) return 'ratelimited';
  if (err instanceof WebAPIHTTPError) return 'http_error';
  if (err instanceof WebAPIRequestError) return 'request_error';
  return undefined;
}

/**
 * Slack answered and refused (`cannot_dm_bot`, `user_not_found`, `is_archived`, …): asking again
 * gets the same answer. Rate limits, HTTP errors and lost connections are worth another try.
 */
export function isSlackRefusal(err: unknown): boolean {
  return err instanceof WebAPIPlatformError;
}

/** What to do again after a form could not be opened in time. */
export type RetryHint = 'run the command' | 'click the button';

/** What the user can do about a Slack failure, in words (no stack traces, no raw codes alone). */
export function slackFailureAdvice(
  code: string | undefined,
  channelId: string,
  again: RetryHint = 'run the command',
): NoticeText {
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return [
        "I can't post in ",
        { channel: channelId },
        '. Invite me with `/invite @Release Planner` in that channel, then try again.',
      ];
    case 'is_archived':
      return 'That channel is archived. Run /release-plan in an active channel.';
    case 'expired_trigger_id':
    case 'invalid_trigger_id':
    case 'exchanged_trigger_id':
      return again === 'run the command'
        ? 'Slack took too long to open the form. Please run /release-plan again.'
        : 'Slack took too long to open the form. Please click the button again.';
    case 'ratelimited':
      return 'Slack is rate-limiting me right now. Please try again in a minute.';
    default:
      return `Slack rejected the request (${code ?? 'unknown error'}). Please try again; if it keeps failing, ask your Slack admin to check the Release Planner app.`;
  }
}
