import {
  type ChatPostMessageArguments,
  type ChatUpdateArguments,
  WebAPIRateLimitedError,
  type WebClient,
} from '@slack/web-api';
import { BudgetSpender, type Priority } from './budget-spender.ts';
import type { MethodBudget } from './limits.ts';
import type { SlackWebApi } from './web-api.ts';

export interface PacingOptions {
  /** Messages a channel may receive at once before spacing starts (Slack allows short bursts). */
  burst: number;
  /** Spacing between further messages to one channel; 0 turns pacing off. */
  intervalMs: number;
  now?: () => number;
  /** Each method's per-workspace budget (src/slack/limits.ts); none: no method is held back. */
  budgetOf?: (method: string) => MethodBudget | undefined;
  /** Progress updates that waited this long go in turn with people's calls (BudgetSpender). */
  promoteAfterMs?: number;
  /** How views.open is sent (src/slack/direct-call.ts); default: through `client`. */
  viewsOpen?: SlackWebApi['views']['open'];
}

type Task<T> = () => Promise<T>;

/**
 * Slack allows about one chat.postMessage per second per channel, with short bursts, counted when
 * a post arrives. Waiting here instead of being answered 429 keeps the client's retry budget and
 * its shared queue (which a 429 pauses for every channel) free.
 *
 * Per channel, posts go out one at a time, and each is charged to the budget (GCRA, the token
 * bucket's equivalent) from the moment its answer came back, when Slack has certainly seen it, not
 * from when it was sent: a post held up on the way (a busy event loop, a new connection) can then
 * never arrive together with the ones after it.
 */
export class ChannelPacer {
  private readonly channels = new Map<string, ChannelState>();
  private seq = 0;
  private readonly options: Required<Pick<PacingOptions, 'burst' | 'intervalMs' | 'now'>>;

  constructor(options: PacingOptions) {
    this.options = { now: options.now ?? Date.now, burst: options.burst, intervalMs: options.intervalMs };
  }

  /**
   * Runs `task` when the channel has room. Lower `rank` goes first (then arrival order): thread
   * replies are ranked by their thread's age, so with several plans in one channel the older plan
   * finishes first instead of all of them finishing last.
   */
  schedule<T>(channel: string, task: Task<T>, rank = 0): Promise<T> {
    if (this.options.intervalMs <= 0) return task();
    return new Promise<T>((resolve, reject) => {
      const state = this.stateOf(channel);
      const run = () => task().then(resolve, reject);
      state.queue.push({ rank, seq: this.seq++, run });
      state.queue.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
      this.pump(channel, state);
    });
  }

  private stateOf(channel: string): ChannelState {
    let state = this.channels.get(channel);
    if (!state) {
      state = { tat: Number.NEGATIVE_INFINITY, queue: [], busy: false, timer: undefined };
      this.channels.set(channel, state);
    }
    return state;
  }

  private pump(channel: string, state: ChannelState): void {
    if (state.busy || state.timer) return;
    const next = state.queue.shift();
    if (!next) {
      if (state.tat <= this.options.now()) this.channels.delete(channel);
      return;
    }
    const { burst, intervalMs, now } = this.options;
    const wait = state.tat - (burst - 1) * intervalMs - now();
    if (wait > 0) {
      state.queue.unshift(next);
      state.timer = setTimeout(() => {
        state.timer = undefined;
        this.pump(channel, state);
      }, wait);
      return;
    }
    state.busy = true;
    void next.run().finally(() => {
      state.busy = false;
      state.tat = Math.max(state.tat, now()) + intervalMs;
      this.pump(channel, state);
    });
  }
}

interface ChannelState {
  /** GCRA's theoretical arrival time: the budget is spent until then. */
  tat: number;
  queue: Waiting[];
  /** A post is on its way: the next waits for its answer. */
  busy: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
}

/**
 * Updates of one message collapse to the latest: while one is in flight, only the newest waiting
 * content is sent next, and every caller whose update was superseded resolves with that result.
 */
export class LatestUpdate {
  private readonly slots = new Map<string, { running: boolean; next?: Pending }>();

  run<T>(key: string, task: Task<T>): Promise<T> {
    const slot = this.slots.get(key) ?? { running: false };
    this.slots.set(key, slot);
    return new Promise<T>((resolve, reject) => {
      const waiting = slot.next;
      const pending: Pending = {
        task,
        settle: [...(waiting?.settle ?? []), { resolve: resolve as (v: unknown) => void, reject }],
      };
      slot.next = pending;
      if (!slot.running) void this.pump(key, slot);
    });
  }

  private async pump(key: string, slot: { running: boolean; next?: Pending }): Promise<void> {
    slot.running = true;
    while (slot.next) {
      const { task, settle } = slot.next;
      slot.next = undefined;
      try {
        const result = await task();
        for (const s of settle) s.resolve(result);
      } catch (err) {
        for (const s of settle) s.reject(err);
      }
    }
    slot.running = false;
    this.slots.delete(key);
  }
}

interface Waiting {
  rank: number;
  seq: number;
  run: () => Promise<void>;
}

interface Pending {
  task: Task<unknown>;
  settle: { resolve: (value: unknown) => void; reject: (err: unknown) => void }[];
}

/**
 * The services' Web API on `client`: chat.postMessage paced per channel (ChannelPacer); every
 * method with a per-workspace budget (src/slack/limits.ts) spent by priority (BudgetSpender), with
 * updates of one message collapsed to the latest. Without `budgetOf`, only posts are paced and
 * updates of one message collapse.
 */
export function paceClient(client: WebClient, options: PacingOptions): SlackWebApi {
  const pacer = new ChannelPacer(options);
  const spender = new BudgetSpender({
    budgetOf: options.budgetOf ?? (() => undefined),
    ...(options.promoteAfterMs === undefined ? {} : { promoteAfterMs: options.promoteAfterMs }),
    now: options.now ?? Date.now,
  });
  const spend = <A, R>(method: string, call: (args: A) => Promise<R>, priority: Priority) => {
    return (args: A) => spender.spend(method, () => call(args), { priority });
  };
  return {
    chat: {
      // New roots (rank 0) go first, so every request is acknowledged in the channel at once.
      postMessage: (args: ChatPostMessageArguments) =>
        pacer.schedule(args.channel, () => client.chat.postMessage(args), Number(args.thread_ts ?? 0) || 0),
      update: (args: ChatUpdateArguments, how?: { priority?: Priority }) =>
        spender.spend('chat.update', () => client.chat.update(args), {
          priority: how?.priority ?? 'progress',
          key: `${args.channel}:${args.ts}`,
        }),
      delete: spend('chat.delete', (args) => client.chat.delete(args), 'progress'),
      postEphemeral: spend('chat.postEphemeral', (args) => client.chat.postEphemeral(args), 'person'),
      getPermalink: (args, how) =>
        spender.spend('chat.getPermalink', () => client.chat.getPermalink(args), {
          priority: how?.priority ?? 'person',
        }),
    },
    views: {
      open: (args) => openView(spender, options.viewsOpen ?? ((a) => client.views.open(a)), args),
      // A Home tab is one view per person: a newer one replaces one still waiting for budget.
      publish: (args, how) =>
        spender.spend('views.publish', () => client.views.publish(args), {
          priority: how?.priority ?? 'progress',
          key: `home:${args.user_id}`,
        }),
    },
    conversations: {
      replies: spend('conversations.replies', (args) => client.conversations.replies(args), 'progress'),
    },
    usergroups: {
      users: {
        list: spend('usergroups.users.list', (args) => client.usergroups.users.list(args), 'person'),
      },
    },
    reactions: { add: spend('reactions.add', (args) => client.reactions.add(args), 'progress') },
  };
}

/** How long a views.open may wait for budget: its trigger lives 3 s, and the call needs the rest. */
const VIEWS_OPEN_MAX_WAIT_MS = 2_000;

/**
 * A person's modal: first in line; when the budget could not send it within VIEWS_OPEN_MAX_WAIT_MS,
 * it is not sent (it would fail as an expired trigger and spend budget doing so) and fails as
 * rate-limited, which tells the person to try again in a minute.
 */
function openView(
  spender: BudgetSpender,
  open: SlackWebApi['views']['open'],
  args: Parameters<SlackWebApi['views']['open']>[0],
): ReturnType<SlackWebApi['views']['open']> {
  return spender.spend('views.open', () => open(args), {
    priority: 'person',
    deadline: spender.clock() + VIEWS_OPEN_MAX_WAIT_MS,
    late: (waitMs) => new WebAPIRateLimitedError(Math.max(1, Math.ceil(waitMs / 1000))),
  });
}
