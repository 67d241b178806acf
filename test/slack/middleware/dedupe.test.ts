import { describe, expect, it } from 'vitest';
import { deliveryKey } from '../../../src/slack/middleware/dedupe.ts';

describe('deliveryKey', () => {
  it.each([
    ['a slash command, by its trigger', { command: '/release-plan', trigger_id: '1.2.a' }, 'command:1.2.a'],
    [
      'a button click, by trigger and action time',
      { type: 'block_actions', trigger_id: '1.2.b', actions: [{ action_ts: '170.5' }] },
      'action:1.2.b:170.5',
    ],
    [
      'a view submission (deduplicated by its view id elsewhere)',
      { type: 'view_submission', trigger_id: 't' },
      undefined,
    ],
    [
      'an event (deduplicated on event_id by its listener)',
      { type: 'event_callback', event_id: 'Ev1' },
      undefined,
    ],
    ['a command without a trigger', { command: '/release-plan' }, undefined],
    ['no body', null, undefined],
  ])('%s', (_name, body, key) => {
    expect(deliveryKey(body)).toBe(key);
  });
});
