import { escShort } from './kit.ts';

/**
 * Every time shown in Slack is a Slack date token: each reader sees it in their own time zone
 * ("Today at 10:00", "Nov 20, 2026 10:00"). One format everywhere.
 */
export const SLACK_DATE_FORMAT = '{date_short_pretty} {time}';

/**
 * `<!date^unix^{date_short_pretty} {time}|fallback>`; the fallback (for clients that cannot render
 * the token) is escaped here.
 */
export function slackDateToken(at: Date, fallback: string): string {
  const seconds = Math.floor(at.getTime() / 1000);
  return `<!date^${seconds}^${SLACK_DATE_FORMAT}|${escShort(fallback).replaceAll('|', '/')}>`;
}

/** An instant (Date or ISO string) as a Slack date token with a UTC fallback; anything else shown as is. */
export function slackDate(at: Date | string): string {
  const ms = typeof at === 'string' ? Date.parse(at) : at.getTime();
  if (!Number.isFinite(ms)) return escShort(String(at));
  const utc = `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  return slackDateToken(new Date(ms), utc);
}
