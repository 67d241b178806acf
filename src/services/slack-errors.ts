import { ErrorCode, type WebAPIPlatformError } from '@slack/web-api';

/** The Slack error code of a Web API failure (`not_in_channel`, `expired_trigger_id`, …), if any. */
export function slackErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null || !('code' in err)) return undefined;
  if (err.code === ErrorCode.PlatformError) return (err as WebAPIPlatformError).data.error;
  if (err.code === ErrorCode.RateLimitedError) return 'ratelimited';
  if (err.code === ErrorCode.HTTPError) return 'http_error';
  if (err.code === ErrorCode.RequestError) return 'request_error';
  return undefined;
}

/** What the user can do about a Slack failure, in words (no stack traces, no raw codes alone). */
export function slackFailureAdvice(code: string | undefined, channelId: string): string {
  switch (code) {
    case 'not_in_channel':
    case 'channel_not_found':
      return `I can't post in <#${channelId}>. Invite me with \`/invite @Release Planner\` in that channel, then try again.`;
    case 'is_archived':
      return 'That channel is archived. Run /release-plan in an active channel.';
    case 'expired_trigger_id':
    case 'invalid_trigger_id':
    case 'exchanged_trigger_id':
      return 'Slack took too long to open the form. Please run /release-plan again.';
    case 'ratelimited':
      return 'Slack is rate-limiting me right now. Please try again in a minute.';
    default:
      return `Slack rejected the request (${code ?? 'unknown error'}). Please try again; if it keeps failing, ask your Slack admin to check the Release Planner app.`;
  }
}
