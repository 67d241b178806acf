import type { RecordedCall } from '../../test/fakes/slack-api.ts';

export interface MethodTally {
  method: string;
  calls: number;
  bytes: number;
}

/** Web API calls grouped by method, most frequent first. */
export function tallyByMethod(calls: readonly RecordedCall[]): MethodTally[] {
  const tallies = new Map<string, MethodTally>();
  for (const call of calls) {
    const tally = tallies.get(call.method) ?? { method: call.method, calls: 0, bytes: 0 };
    tally.calls += 1;
    tally.bytes += call.bytes;
    tallies.set(call.method, tally);
  }
  return [...tallies.values()].sort((a, b) => b.calls - a.calls || a.method.localeCompare(b.method));
}

export function totalOf(tallies: readonly MethodTally[]): MethodTally {
  return tallies.reduce(
    (sum, t) => ({ method: 'all', calls: sum.calls + t.calls, bytes: sum.bytes + t.bytes }),
    {
      method: 'all',
      calls: 0,
      bytes: 0,
    },
  );
}

function isThreadPost(call: RecordedCall, channel: string): boolean {
  return (
    call.method === 'chat.postMessage' && call.args.channel === channel && call.args.thread_ts !== undefined
  );
}

/** When, in ms since the epoch, the fake received the calls that show a plan to people. */
export interface PlanTimeline {
  rootPosted: number;
  firstThreadPost: number;
  lastThreadPost: number;
  lastUpdate: number;
}

export function planTimeline(calls: readonly RecordedCall[], channel: string): PlanTimeline {
  const inChannel = calls.filter((c) => c.args.channel === channel);
  const root = inChannel.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts === undefined);
  const posts = inChannel.filter((c) => isThreadPost(c, channel));
  const updates = inChannel.filter((c) => c.method === 'chat.update');
  return {
    rootPosted: root?.at ?? Number.NaN,
    firstThreadPost: posts[0]?.at ?? Number.NaN,
    lastThreadPost: posts.at(-1)?.at ?? Number.NaN,
    lastUpdate: updates.at(-1)?.at ?? Number.NaN,
  };
}

/** The share of the streamed JSON text up to the end of the first top-level value. */
export function firstValueShare(value: Record<string, unknown>): number {
  const [firstKey] = Object.keys(value);
  if (firstKey === undefined) return Number.NaN;
  const prefix = `{${JSON.stringify(firstKey)}:${JSON.stringify(value[firstKey])}`;
  return prefix.length / JSON.stringify(value).length;
}
