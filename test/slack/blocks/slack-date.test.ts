import { describe, expect, it } from 'vitest';
import { SLACK_DATE_FORMAT, slackDate, slackDateToken } from '../../../src/slack/blocks/slack-date.ts';

describe('slackDate', () => {
  it.each([
    ['2026-11-20T10:00:00.000Z', '<!date^1795168800^{date_short_pretty} {time}|2026-11-20 10:00 UTC>'],
    ['2026-11-20T10:00:59.999Z', '<!date^1795168859^{date_short_pretty} {time}|2026-11-20 10:00 UTC>'],
    ['nonsense', 'nonsense'],
    ['<!here>', '&lt;!here&gt;'],
  ])('%s → %s', (iso, expected) => {
    expect(slackDate(iso)).toBe(expected);
  });

  it('takes a Date as well as an ISO string', () => {
    expect(slackDate(new Date('2026-11-20T10:00:00Z'))).toBe(slackDate('2026-11-20T10:00:00.000Z'));
    expect(slackDate(new Date(Number.NaN))).toBe('Invalid Date');
  });
});

describe('slackDateToken', () => {
  it('uses the one format, with an escaped fallback that cannot end the token early', () => {
    expect(SLACK_DATE_FORMAT).toBe('{date_short_pretty} {time}');
    expect(slackDateToken(new Date('2026-12-14T23:00:00Z'), 'Dec 15 <b>|x')).toBe(
      '<!date^1797289200^{date_short_pretty} {time}|Dec 15 &lt;b&gt;/x>',
    );
  });
});
