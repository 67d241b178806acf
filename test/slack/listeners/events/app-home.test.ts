import { describe, expect, it } from 'vitest';
import { parseAppHomeOpened } from '../../../../src/slack/listeners/events/app-home.ts';

describe('parseAppHomeOpened', () => {
  it.each([
    [{ type: 'app_home_opened', user: 'U0SRE1', tab: 'home' }, 'U0SRE1'],
    [{ type: 'app_home_opened', user: 'U0SRE1' }, 'U0SRE1'],
    [{ type: 'app_home_opened', user: 'U0SRE1', tab: 'messages' }, undefined],
    [{ type: 'app_home_opened', user: 'not a user' }, undefined],
    [{ type: 'message', user: 'U0SRE1' }, undefined],
    [null, undefined],
  ])('%j → %s', (event, expected) => {
    expect(parseAppHomeOpened(event)).toBe(expected);
  });
});
