import { describe, expect, it } from 'vitest';
import { buildNotice } from '../../../src/slack/blocks/notice.ts';
import { checkMessage } from './check.ts';

describe('buildNotice', () => {
  it.each([
    ['Invite @Release Planner to #payments first.', 'Invite @Release Planner to #payments first.'],
    ['<!channel> look', '&lt;!channel&gt; look'],
    ['@here', '@\u200Dhere'],
    ['', '—'],
  ])('%j is escaped and within limits', (input, expected) => {
    const message = buildNotice(input);
    expect(checkMessage(message)).toEqual([]);
    expect(message.blocks).toEqual([{ type: 'section', text: { type: 'mrkdwn', text: expected } }]);
    expect(message.text).toBe(expected);
  });

  it('links a channel it names, escaping only the text around it', () => {
    const message = buildNotice(["Can't post in ", { channel: 'C0PLANS' }, ' <yet>.']);
    expect(message.text).toBe("Can't post in <#C0PLANS> &lt;yet&gt;.");
    expect(checkMessage(message)).toEqual([]);
  });

  it('shows a malformed channel id as escaped text, never as a link or mention', () => {
    expect(buildNotice(['in ', { channel: '!channel>' }]).text).toBe('in !channel&gt;');
  });

  it('caps a huge notice at one section', () => {
    const message = buildNotice('<😀>'.repeat(5000));
    expect(checkMessage(message)).toEqual([]);
    expect(message.blocks).toHaveLength(1);
  });
});
