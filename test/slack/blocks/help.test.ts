import { describe, expect, it } from 'vitest';
import { buildHelpMessage } from '../../../src/slack/blocks/help.ts';
import { checkMessage } from './check.ts';

describe('buildHelpMessage', () => {
  const message = buildHelpMessage();
  const all = JSON.stringify(message.blocks);

  it('is within limits and has a fallback', () => {
    expect(checkMessage(message)).toEqual([]);
    expect(message.text).toContain('/release-plan');
  });

  it.each([
    ['the bare command', '`/release-plan` —'],
    ['the command with a summary', '`/release-plan &lt;summary&gt;`'],
    ['help', '`/release-plan help`'],
    ['approvals', 'Approve'],
    ['thread replies', 'Thread replies'],
    ['that it writes to no other system', 'never writes to Jira'],
  ])('explains %s', (_name, fragment) => {
    expect(all).toContain(fragment);
  });
});
