import type { ChatGetPermalinkArguments } from '@slack/web-api';
import { describe, expect, it } from 'vitest';
import { rememberPermalinks } from '../../src/slack/permalinks.ts';
import type { SlackPriority } from '../../src/slack/web-api.ts';

/** A getPermalink that records each call and answers when told to. */
function slack() {
  const calls: { args: ChatGetPermalinkArguments; priority: SlackPriority | undefined }[] = [];
  const pending: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const getPermalink = (args: ChatGetPermalinkArguments, options?: { priority?: SlackPriority }) => {
    calls.push({ args, priority: options?.priority });
    return new Promise<{ ok: true; permalink: string }>((resolve, reject) => {
      pending.push({
        resolve: () => resolve({ ok: true, permalink: `https://x.test/${args.channel}/${args.message_ts}` }),
        reject,
      });
    });
  };
  return { calls, pending, getPermalink };
}

const link = (channel: string, ts: string) => ({ channel, message_ts: ts });

describe('rememberPermalinks', () => {
  it('asks Slack once per message, and again for another message', async () => {
    const fake = slack();
    const get = rememberPermalinks(fake.getPermalink);
    const first = get(link('C1', '1.1'));
    fake.pending.shift()?.resolve();
    expect((await first).permalink).toBe('https://x.test/C1/1.1');
    expect((await get(link('C1', '1.1'))).permalink).toBe('https://x.test/C1/1.1');
    const other = get(link('C2', '1.1'));
    fake.pending.shift()?.resolve();
    expect((await other).permalink).toBe('https://x.test/C2/1.1');
    expect(fake.calls.map((c) => c.args)).toEqual([link('C1', '1.1'), link('C2', '1.1')]);
  });

  it('lets callers asking at the same moment share one call, made with the first caller’s priority', async () => {
    const fake = slack();
    const get = rememberPermalinks(fake.getPermalink);
    const asked = [
      get(link('C1', '1.1'), { priority: 'person' }),
      get(link('C1', '1.1'), { priority: 'progress' }),
    ];
    fake.pending.shift()?.resolve();
    expect((await Promise.all(asked)).map((r) => r.permalink)).toEqual([
      'https://x.test/C1/1.1',
      'https://x.test/C1/1.1',
    ]);
    expect(fake.calls).toEqual([{ args: link('C1', '1.1'), priority: 'person' }]);
  });

  it('does not keep a failure: everyone waiting gets it, the next caller asks again', async () => {
    const fake = slack();
    const get = rememberPermalinks(fake.getPermalink);
    const asked = [get(link('C1', '1.1')), get(link('C1', '1.1'))];
    fake.pending.shift()?.reject(new Error('ratelimited'));
    for (const a of asked) await expect(a).rejects.toThrow('ratelimited');
    const again = get(link('C1', '1.1'));
    fake.pending.shift()?.resolve();
    expect((await again).permalink).toBe('https://x.test/C1/1.1');
    expect(fake.calls).toHaveLength(2);
  });

  it('keeps at most `kept` links, forgetting the one used longest ago', async () => {
    const fake = slack();
    const get = rememberPermalinks(fake.getPermalink, 2);
    const ask = async (ts: string) => {
      const answer = get(link('C1', ts));
      for (const p of fake.pending.splice(0)) p.resolve();
      return (await answer).permalink;
    };
    await ask('1');
    await ask('2');
    await ask('1'); // used again: now "2" is the oldest
    await ask('3'); // over the limit: "2" goes
    expect(fake.calls).toHaveLength(3);
    await ask('1');
    await ask('3');
    expect(fake.calls).toHaveLength(3);
    await ask('2');
    expect(fake.calls.map((c) => c.args.message_ts)).toEqual(['1', '2', '3', '2']);
  });
});
