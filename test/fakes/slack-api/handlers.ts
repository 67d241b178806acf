import { type Directory, type FakeMessage, newViewHash, type Workspace } from './state.ts';
import { type Args, isRecord, stringArg } from './wire.ts';

export interface Identity {
  botUserId: string;
  botId: string;
  teamId: string;
}
export interface HandlerContext {
  workspace: Workspace;
  directory: Directory;
  identity: Identity;
  /** The token the call carried (Authorization header or body). */
  token?: string | undefined;
  /** Hands out a Socket Mode WebSocket URL, a new one each call (test/fakes/socket-mode.ts). */
  socketModeUrl?: (() => string) | undefined;
}
export type SlackResult = { ok: true } & Record<string, unknown>;
export type SlackError = { ok: false; error: string };
type Handler = (args: Args, ctx: HandlerContext) => SlackResult | SlackError;

const TEAM_DOMAIN = 'fake-team';
const TEAM_URL = `https://${TEAM_DOMAIN}.slack.com/`;
const MAX_BLOCKS_PER_MESSAGE = 50;

const fail = (error: string): SlackError => ({ ok: false, error });

/** Slack's own checks on message content that the bot could plausibly get wrong. */
function messageContentError(args: Args): SlackError | undefined {
  const blocks = args.blocks;
  if (blocks !== undefined && !Array.isArray(blocks)) return fail('invalid_blocks_format');
  if (Array.isArray(blocks) && blocks.length > MAX_BLOCKS_PER_MESSAGE) return fail('invalid_blocks');
  return undefined;
}

function publicMessage(message: FakeMessage): Record<string, unknown> {
  const { edits: _edits, channel: _channel, ...rest } = message;
  return { type: 'message', ...rest };
}

const postMessage: Handler = (args, { workspace, identity }) => {
  const channel = stringArg(args, 'channel');
  if (!channel) return fail('channel_not_found');
  const text = stringArg(args, 'text') ?? '';
  const hasContent = text !== '' || args.blocks !== undefined || args.attachments !== undefined;
  if (!hasContent) return fail('no_text');
  const contentError = messageContentError(args);
  if (contentError) return contentError;
  const threadTs = stringArg(args, 'thread_ts');
  const message: FakeMessage = {
    channel,
    ts: workspace.clock.next(),
    ...(threadTs ? { thread_ts: threadTs } : {}),
    text,
    blocks: Array.isArray(args.blocks) ? args.blocks : [],
    user: identity.botUserId,
    bot_id: identity.botId,
    ...(args.metadata !== undefined ? { metadata: args.metadata } : {}),
    edits: 0,
  };
  workspace.messages.push(message);
  return { ok: true, channel, ts: message.ts, message: publicMessage(message) };
};

const update: Handler = (args, { workspace }) => {
  const channel = stringArg(args, 'channel') ?? '';
  const message = workspace.findMessage(channel, stringArg(args, 'ts') ?? '');
  if (!message) return fail('message_not_found');
  const contentError = messageContentError(args);
  if (contentError) return contentError;
  const text = stringArg(args, 'text');
  if (text !== undefined) message.text = text;
  if (Array.isArray(args.blocks)) message.blocks = args.blocks;
  if (args.metadata !== undefined) message.metadata = args.metadata;
  message.edits += 1;
  return { ok: true, channel, ts: message.ts, text: message.text, message: publicMessage(message) };
};

const remove: Handler = (args, { workspace }) => {
  const channel = stringArg(args, 'channel') ?? '';
  const message = workspace.findMessage(channel, stringArg(args, 'ts') ?? '');
  if (!message) return fail('message_not_found');
  workspace.removeMessage(message);
  return { ok: true, channel, ts: message.ts };
};

const postEphemeral: Handler = (args, { workspace }) => {
  const contentError = messageContentError(args);
  if (contentError) return contentError;
  return { ok: true, message_ts: workspace.clock.next() };
};

/** The Home tab of each user, as last published (Slack keeps one per user and app). */
const publishHome: Handler = (args, { workspace }) => {
  const user = stringArg(args, 'user_id') ?? '';
  const view = typeof args.view === 'string' ? (JSON.parse(args.view) as unknown) : args.view;
  workspace.homes.set(user, view);
  return { ok: true, view: { id: `VHOME${user}`, type: 'home', ...(view as object) } };
};

/**
 * Reactions kept per message, one per name (the bot is the only reactor). People's thread replies
 * reach the bot as events and are not held by the fake, so any ts is accepted.
 */
const addReaction: Handler = (args, { workspace }) => {
  const channel = stringArg(args, 'channel') ?? '';
  const name = stringArg(args, 'name') ?? '';
  const key = `${channel}/${stringArg(args, 'timestamp') ?? ''}`;
  const names = workspace.reactions.get(key) ?? [];
  if (names.includes(name)) return fail('already_reacted');
  workspace.reactions.set(key, [...names, name]);
  return { ok: true };
};

/** trigger_ids are single-use in Slack: a second modal from one click fails the same way here. */
function claimTrigger(args: Args, workspace: Workspace): SlackError | undefined {
  const trigger = stringArg(args, 'trigger_id') ?? '';
  if (workspace.usedTriggers.has(trigger)) return fail('expired_trigger_id');
  workspace.usedTriggers.add(trigger);
  return undefined;
}

function storeView(
  workspace: Workspace,
  identity: Identity,
  sent: Record<string, unknown>,
  id: string,
  previous?: string,
) {
  const hash = newViewHash();
  const externalId = typeof sent.external_id === 'string' ? sent.external_id : undefined;
  const view = {
    id,
    team_id: identity.teamId,
    app_id: 'A0FAKEAPP',
    bot_id: identity.botId,
    type: 'modal',
    blocks: [],
    private_metadata: '',
    callback_id: '',
    external_id: '',
    state: { values: {} },
    clear_on_close: false,
    notify_on_close: false,
    previous_view_id: previous ?? null,
    root_view_id: id,
    ...sent,
    hash,
  };
  const kept = workspace.lean ? { id, hash } : view;
  workspace.views.set(id, { id, hash, ...(externalId ? { external_id: externalId } : {}), view: kept });
  return { ok: true as const, view };
}

const openView =
  (stacked: boolean): Handler =>
  (args, { workspace, identity }) => {
    if (!isRecord(args.view)) return fail('invalid_arguments');
    const triggerError = claimTrigger(args, workspace);
    if (triggerError) return triggerError;
    const previous = stacked ? [...workspace.views.keys()].at(-1) : undefined;
    return storeView(workspace, identity, args.view, workspace.newViewId(), previous);
  };

const updateView: Handler = (args, { workspace, identity }) => {
  if (!isRecord(args.view)) return fail('invalid_arguments');
  const existing = workspace.findView(stringArg(args, 'view_id'), stringArg(args, 'external_id'));
  if (!existing) return fail('not_found');
  const hash = stringArg(args, 'hash');
  if (hash !== undefined && hash !== existing.hash) return fail('hash_conflict');
  return storeView(workspace, identity, args.view, existing.id);
};

const authTest: Handler = (_args, { identity }) => ({
  ok: true,
  url: TEAM_URL,
  team: 'Fake Team',
  user: 'release-planner',
  team_id: identity.teamId,
  user_id: identity.botUserId,
  bot_id: identity.botId,
  is_enterprise_install: false,
});

const usergroupUsers: Handler = (args, { directory }) => {
  const users = directory.usergroups.get(stringArg(args, 'usergroup') ?? '');
  return users ? { ok: true, users: [...users] } : fail('no_such_subteam');
};

const userInfo: Handler = (args, { directory, identity }) => {
  const id = stringArg(args, 'user');
  if (!id) return fail('user_not_found');
  const user = directory.user(id);
  return {
    ok: true,
    user: {
      id: user.id,
      team_id: identity.teamId,
      name: user.name,
      real_name: user.real_name,
      deleted: false,
      is_bot: false,
      profile: { display_name: user.display_name, real_name: user.real_name },
    },
  };
};

const conversationInfo: Handler = (args) => {
  const id = stringArg(args, 'channel');
  if (!id) return fail('channel_not_found');
  const isPrivate = id.startsWith('G');
  return {
    ok: true,
    channel: {
      id,
      name: id.toLowerCase(),
      is_channel: !isPrivate,
      is_group: isPrivate,
      is_private: isPrivate,
      is_member: true,
    },
  };
};

const permalink: Handler = (args, { workspace }) => {
  const channel = stringArg(args, 'channel') ?? '';
  const message = workspace.findMessage(channel, stringArg(args, 'message_ts') ?? '');
  if (!message) return fail('message_not_found');
  const thread = message.thread_ts ? `?thread_ts=${message.thread_ts}&cid=${channel}` : '';
  return {
    ok: true,
    channel,
    permalink: `${TEAM_URL}archives/${channel}/p${message.ts.replace('.', '')}${thread}`,
  };
};

const replies: Handler = (args, { workspace }) => {
  const channel = stringArg(args, 'channel') ?? '';
  const ts = stringArg(args, 'ts') ?? '';
  const messages = workspace.messages.filter(
    (m) => m.channel === channel && (m.ts === ts || m.thread_ts === ts),
  );
  if (messages.length === 0) return fail('thread_not_found');
  return { ok: true, messages: messages.map(publicMessage), has_more: false };
};

/** Socket Mode: only an app-level token (xapp-…) opens a connection, as in Slack. */
const connectionsOpen: Handler = (_args, { token, socketModeUrl }) => {
  if (!token?.startsWith('xapp-')) return fail('not_allowed_token_type');
  // The fake's own word: no Socket Mode server is attached to this fake Slack.
  if (!socketModeUrl) return fail('socket_mode_not_enabled');
  return { ok: true, url: socketModeUrl() };
};

const HANDLERS: Readonly<Record<string, Handler>> = {
  'apps.connections.open': connectionsOpen,
  'auth.test': authTest,
  'chat.postMessage': postMessage,
  'chat.update': update,
  'chat.delete': remove,
  'chat.postEphemeral': postEphemeral,
  'chat.getPermalink': permalink,
  'conversations.info': conversationInfo,
  'reactions.add': addReaction,
  'conversations.replies': replies,
  'views.open': openView(false),
  'views.push': openView(true),
  'views.update': updateView,
  'views.publish': publishHome,
  'usergroups.users.list': usergroupUsers,
  'users.info': userInfo,
};

/** Realistic answers for the methods the bot uses; any other valid call answers {ok:true}. */
export function answer(method: string, args: Args, ctx: HandlerContext): SlackResult | SlackError {
  const handler = HANDLERS[method];
  return handler ? handler(args, ctx) : { ok: true };
}
