import type { AnyMiddlewareArgs, Middleware } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import {
  deliveryKey,
  dropDuplicateDeliveries,
  STORE_UNAVAILABLE_TEXT,
} from '../../../src/slack/middleware/dedupe.ts';
import type { Store } from '../../../src/store/port.ts';
import { openSqliteStore } from '../../../src/store/sqlite.ts';

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

describe('dropDuplicateDeliveries', () => {
  type Call = { ack: unknown[]; respond: unknown[]; next: number };

  async function deliver(store: Store, body: object, deadlineMs = 2_000): Promise<Call> {
    const call: Call = { ack: [], respond: [], next: 0 };
    const args = {
      body,
      ...('command' in body
        ? { command: body }
        : { action: {}, respond: async (m: unknown) => call.respond.push(m) }),
      ack: async (response?: unknown) => {
        call.ack.push(response);
      },
      next: async () => {
        call.next += 1;
      },
      logger: { debug() {}, error() {}, warn() {}, info() {} },
    };
    await dropDuplicateDeliveries(
      store,
      deadlineMs,
    )(args as unknown as Parameters<Middleware<AnyMiddlewareArgs>>[0]);
    return call;
  }

  const command = { command: '/release-plan', trigger_id: '1.2.a' };
  const click = { type: 'block_actions', trigger_id: '1.2.b', actions: [{ action_ts: '170.5' }] };

  it('acts on the first delivery and acknowledges and drops the repeat', async () => {
    const store = openSqliteStore(':memory:');
    expect(await deliver(store, command)).toEqual({ ack: [], respond: [], next: 1 });
    expect(await deliver(store, command)).toEqual({ ack: [undefined], respond: [], next: 0 });
    await store.close();
  });

  it('answers a command privately, acting on nothing, when the database fails', async () => {
    const store = openSqliteStore(':memory:');
    await store.close();
    const call = await deliver(store, command);
    expect(call.next).toBe(0);
    expect(call.ack).toEqual([{ response_type: 'ephemeral', text: STORE_UNAVAILABLE_TEXT }]);
  });

  it('acknowledges a click and tells the clicker, when the claim does not answer in time', async () => {
    const store = openSqliteStore(':memory:');
    const stalled: Store = { ...store, claimOnce: () => new Promise<boolean>(() => {}) };
    const call = await deliver(stalled, click, 50);
    expect(call).toEqual({
      ack: [undefined],
      respond: [{ response_type: 'ephemeral', replace_original: false, text: STORE_UNAVAILABLE_TEXT }],
      next: 0,
    });
    await store.close();
  });
});
