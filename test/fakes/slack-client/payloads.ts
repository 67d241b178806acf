/**
 * Payloads shaped like the ones Slack sends (docs/slack-platform.md "Payloads"), with the fields Bolt
 * reads to route them and to build `context` (team, user, channel, trigger_id, response_url).
 */
import { COMMAND } from '../../../src/slack/ids.ts';

const APP_ID = 'A0FAKEAPP';
const TEAM_DOMAIN = 'fake-team';
const VERIFICATION_TOKEN = 'fake-verification-token';

let triggers = 0;
let events = 0;
let actions = 0;

/** Unique per call, shaped like Slack's "<n>.<n>.<hex>". */
export function nextTriggerId(): string {
  triggers += 1;
  return `${1_000_000 + triggers}.4744562912.${triggers.toString(16).padStart(32, '0')}`;
}

function nextEventId(): string {
  events += 1;
  return `Ev${String(events).padStart(9, '0')}`;
}

function team(teamId: string) {
  return { id: teamId, domain: TEAM_DOMAIN };
}

function user(userId: string, teamId: string) {
  return { id: userId, username: userId.toLowerCase(), name: userId.toLowerCase(), team_id: teamId };
}

export interface CommandInput {
  text: string;
  userId: string;
  channelId: string;
  triggerId?: string;
  teamId?: string;
  /** Where response_url points (the fake Slack's, in end-to-end tests). */
  responseUrlBase?: string;
}

let commands = 0;

/** A slash command's form fields, as Slack posts them (application/x-www-form-urlencoded). */
export function commandPayload(input: CommandInput): Record<string, string> {
  commands += 1;
  const teamId = input.teamId ?? 'T1';
  const base = input.responseUrlBase ?? 'https://hooks.slack.com/commands/';
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    team_domain: TEAM_DOMAIN,
    channel_id: input.channelId,
    channel_name: input.channelId.toLowerCase(),
    user_id: input.userId,
    user_name: input.userId.toLowerCase(),
    command: COMMAND,
    text: input.text,
    api_app_id: APP_ID,
    is_enterprise_install: 'false',
    response_url: `${base}${teamId}/${commands}/fake`,
    trigger_id: input.triggerId ?? nextTriggerId(),
  };
}

export interface ViewSubmissionInput {
  userId: string;
  teamId?: string;
  viewId: string;
  callbackId: string;
  privateMetadata: string;
  /** The raw view.state.values: block_id → action_id → { type, value | selected_option | … }. */
  values: Record<string, Record<string, unknown>>;
  hash?: string;
  blocks?: unknown[];
  triggerId?: string;
}

function submittedView(input: ViewSubmissionInput, teamId: string) {
  return {
    id: input.viewId,
    team_id: teamId,
    type: 'modal',
    blocks: input.blocks ?? [],
    private_metadata: input.privateMetadata,
    callback_id: input.callbackId,
    state: { values: input.values },
    hash: input.hash ?? '1700000000.fakehash',
    title: { type: 'plain_text', text: 'Release plan', emoji: true },
    clear_on_close: false,
    notify_on_close: false,
    close: null,
    submit: { type: 'plain_text', text: 'Submit', emoji: true },
    previous_view_id: null,
    root_view_id: input.viewId,
    app_id: APP_ID,
    external_id: '',
    app_installed_team_id: teamId,
    bot_id: 'BBOT',
  };
}

export function viewSubmissionPayload(input: ViewSubmissionInput) {
  const teamId = input.teamId ?? 'T1';
  return {
    type: 'view_submission' as const,
    team: team(teamId),
    user: user(input.userId, teamId),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId ?? nextTriggerId(),
    view: submittedView(input, teamId),
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

export function viewClosedPayload(input: Omit<ViewSubmissionInput, 'triggerId'>) {
  const teamId = input.teamId ?? 'T1';
  return {
    type: 'view_closed' as const,
    team: team(teamId),
    user: user(input.userId, teamId),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    view: submittedView(input, teamId),
    is_cleared: false,
    is_enterprise_install: false,
    enterprise: null,
  };
}

export interface BlockActionsInput {
  userId: string;
  teamId?: string;
  channelId: string;
  messageTs: string;
  threadTs?: string;
  actionId: string;
  blockId: string;
  value: string;
  triggerId?: string;
  /** The message the button sits on, e.g. fake.message(channel, ts); defaults to an empty bot message. */
  message?: { text?: string; blocks?: unknown[]; user?: string; bot_id?: string };
  responseUrl?: string;
}

export function blockActionsPayload(input: BlockActionsInput) {
  const teamId = input.teamId ?? 'T1';
  const thread = input.threadTs ? { thread_ts: input.threadTs } : {};
  actions += 1;
  return {
    type: 'block_actions' as const,
    user: user(input.userId, teamId),
    api_app_id: APP_ID,
    token: VERIFICATION_TOKEN,
    container: {
      type: 'message',
      message_ts: input.messageTs,
      channel_id: input.channelId,
      is_ephemeral: false,
      ...thread,
    },
    trigger_id: input.triggerId ?? nextTriggerId(),
    team: team(teamId),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channelId, name: input.channelId.toLowerCase() },
    message: {
      type: 'message',
      subtype: 'bot_message',
      text: input.message?.text ?? '',
      user: input.message?.user ?? 'UBOT',
      bot_id: input.message?.bot_id ?? 'BBOT',
      ts: input.messageTs,
      ...thread,
      blocks: input.message?.blocks ?? [],
    },
    state: { values: {} },
    response_url: input.responseUrl ?? `https://hooks.slack.com/actions/${teamId}/${actions}/fake`,
    actions: [
      {
        type: 'button',
        action_id: input.actionId,
        block_id: input.blockId,
        value: input.value,
        text: { type: 'plain_text', text: input.actionId, emoji: true },
        action_ts: `${Math.floor(Date.now() / 1000)}.${String(actions).padStart(6, '0')}`,
      },
    ],
  };
}

export interface ThreadReplyInput {
  channel: string;
  user: string;
  text: string;
  ts: string;
  threadTs: string;
  teamId?: string;
  botId?: string;
  subtype?: string;
  eventId?: string;
  channelType?: 'channel' | 'group';
  /** Who started the thread: the bot, for replies under a plan. */
  parentUserId?: string;
}

/** A full event_callback envelope around a message posted in a thread. */
export function threadReplyEvent(input: ThreadReplyInput) {
  const teamId = input.teamId ?? 'T1';
  const event = {
    type: 'message' as const,
    ...(input.subtype ? { subtype: input.subtype } : {}),
    user: input.user,
    ...(input.botId ? { bot_id: input.botId } : {}),
    text: input.text,
    ts: input.ts,
    thread_ts: input.threadTs,
    parent_user_id: input.parentUserId ?? 'UBOT',
    team: teamId,
    channel: input.channel,
    channel_type: input.channelType ?? (input.channel.startsWith('G') ? 'group' : 'channel'),
    event_ts: input.ts,
    blocks: [
      {
        type: 'rich_text',
        block_id: 'fake',
        elements: [{ type: 'rich_text_section', elements: [{ type: 'text', text: input.text }] }],
      },
    ],
  };
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: APP_ID,
    event,
    type: 'event_callback' as const,
    event_id: input.eventId ?? nextEventId(),
    event_time: Math.floor(Number(input.ts)),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
    event_context: `4-fake-${teamId}-${input.channel}`,
  };
}

/** The event Slack sends when someone opens the app's Home tab. */
export function appHomeOpenedEvent(input: { user: string; tab?: 'home' | 'messages'; teamId?: string }) {
  const teamId = input.teamId ?? 'T1';
  const ts = `${Math.floor(Date.now() / 1000)}.000100`;
  return {
    token: VERIFICATION_TOKEN,
    team_id: teamId,
    context_team_id: teamId,
    api_app_id: APP_ID,
    event: {
      type: 'app_home_opened' as const,
      user: input.user,
      channel: 'D0HOME',
      tab: input.tab ?? 'home',
      event_ts: ts,
    },
    type: 'event_callback' as const,
    event_id: nextEventId(),
    event_time: Math.floor(Number(ts)),
    authorizations: [
      { enterprise_id: null, team_id: teamId, user_id: 'UBOT', is_bot: true, is_enterprise_install: false },
    ],
    is_ext_shared_channel: false,
  };
}
