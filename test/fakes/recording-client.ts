import type {
  ChatDeleteArguments,
  ChatGetPermalinkArguments,
  ChatPostEphemeralArguments,
  ChatPostMessageArguments,
  ChatUpdateArguments,
  ConversationsRepliesArguments,
  ConversationsRepliesResponse,
  ReactionsAddArguments,
  UsergroupsUsersListArguments,
  ViewsOpenArguments,
  ViewsPublishArguments,
} from '@slack/web-api';
import { WebAPIPlatformError } from '@slack/web-api';
import type { SlackWebApi } from '../../src/slack/web-api.ts';

export type RecordedMethod =
  | 'chat.postMessage'
  | 'chat.update'
  | 'chat.delete'
  | 'chat.postEphemeral'
  | 'views.open'
  | 'conversations.replies'
  | 'usergroups.users.list'
  | 'reactions.add'
  | 'chat.getPermalink'
  | 'views.publish';

export interface RecordedApiCall {
  method: RecordedMethod;
  args: Record<string, unknown>;
}

/** A message as Slack holds it after the calls so far: posted, then edited in place. */
export interface HeldMessage {
  channel: string;
  ts: string;
  threadTs: string | undefined;
  text: string;
  blocks: unknown[];
  metadata?: unknown;
  edits: number;
}

/**
 * The Slack Web API in memory, for service tests: every call is recorded, messages are kept and
 * updated like Slack does, and any method can be made to fail with a Slack error code.
 */
export class RecordingClient implements SlackWebApi {
  readonly calls: RecordedApiCall[] = [];
  readonly messages = new Map<string, HeldMessage>();
  readonly usergroupMembers = new Map<string, string[]>();
  private readonly failures = new Map<RecordedMethod, string[]>();
  private nextTs = 1_700_000_000;

  /** The next `times` calls of `method` answer `{ ok: false, error }`, as WebAPIPlatformError. */
  failNext(method: RecordedMethod, error: string, times = 1): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), ...Array<string>(times).fill(error)]);
  }

  callsTo(method: RecordedMethod): Record<string, unknown>[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args);
  }

  /** Top-level messages of a channel, oldest first. */
  roots(channel: string): HeldMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.threadTs === undefined);
  }

  /** Replies in a thread, oldest first. */
  thread(channel: string, rootTs: string): HeldMessage[] {
    return [...this.messages.values()].filter((m) => m.channel === channel && m.threadTs === rootTs);
  }

  readonly chat: SlackWebApi['chat'] = {
    postMessage: async (args: ChatPostMessageArguments) => {
      this.record('chat.postMessage', args);
      const ts = `${this.nextTs++}.000100`;
      const threadTs = 'thread_ts' in args && typeof args.thread_ts === 'string' ? args.thread_ts : undefined;
      const metadata = 'metadata' in args ? { metadata: args.metadata } : {};
      this.messages.set(ts, { channel: args.channel, ts, threadTs, ...content(args), ...metadata, edits: 0 });
      return { ok: true, channel: args.channel, ts };
    },
    update: async (args: ChatUpdateArguments) => {
      this.record('chat.update', args);
      const held = this.messages.get(args.ts);
      if (!held || held.channel !== args.channel) throw platformError('message_not_found');
      this.messages.set(args.ts, { ...held, ...content(args), edits: held.edits + 1 });
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    delete: async (args: ChatDeleteArguments) => {
      this.record('chat.delete', args);
      if (!this.messages.delete(args.ts)) throw platformError('message_not_found');
      return { ok: true, channel: args.channel, ts: args.ts };
    },
    postEphemeral: async (args: ChatPostEphemeralArguments) => {
      this.record('chat.postEphemeral', args);
      return { ok: true, message_ts: `${this.nextTs++}.000200` };
    },
    getPermalink: async (args: ChatGetPermalinkArguments) => {
      this.record('chat.getPermalink', args);
      return {
        ok: true,
        channel: args.channel,
        permalink: `https://slack.test/archives/${args.channel}/p${args.message_ts.replace('.', '')}`,
      };
    },
  };

  readonly views: SlackWebApi['views'] = {
    open: async (args: ViewsOpenArguments) => {
      this.record('views.open', args);
      return { ok: true };
    },
    publish: async (args: ViewsPublishArguments) => {
      this.record('views.publish', args);
      return { ok: true };
    },
  };

  readonly conversations: SlackWebApi['conversations'] = {
    replies: async (args: ConversationsRepliesArguments) => {
      this.record('conversations.replies', args);
      const thread = [...this.messages.values()].filter(
        (m) => m.channel === args.channel && (m.ts === args.ts || m.threadTs === args.ts),
      );
      if (thread.length === 0) throw platformError('thread_not_found');
      const messages = thread.map((m) => ({ type: 'message', ts: m.ts, text: m.text, metadata: m.metadata }));
      return { ok: true, messages, has_more: false } as ConversationsRepliesResponse;
    },
  };

  readonly usergroups: SlackWebApi['usergroups'] = {
    users: {
      list: async (args: UsergroupsUsersListArguments) => {
        this.record('usergroups.users.list', args);
        return { ok: true, users: this.usergroupMembers.get(args.usergroup) ?? [] };
      },
    },
  };

  readonly reactions: SlackWebApi['reactions'] = {
    add: async (args: ReactionsAddArguments) => {
      this.record('reactions.add', args);
      return { ok: true };
    },
  };

  private record(method: RecordedMethod, args: object): void {
    this.calls.push({ method, args: { ...args } });
    const error = this.failures.get(method)?.shift();
    if (error) throw platformError(error);
  }
}

function content(args: object): { text: string; blocks: unknown[] } {
  const text = 'text' in args && typeof args.text === 'string' ? args.text : '';
  const blocks = 'blocks' in args && Array.isArray(args.blocks) ? args.blocks : [];
  return { text, blocks };
}

/** What @slack/web-api throws for `{ ok: false, error }`. */
export function platformError(error: string): WebAPIPlatformError {
  return new WebAPIPlatformError({ ok: false, error });
}
