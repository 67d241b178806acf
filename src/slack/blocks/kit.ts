import type { DividerBlock, HeaderBlock, KnownBlock } from '@slack/types';
import { isChannelId, isUserId } from '../../lib/slack-ids.ts';
import { LIMITS } from './limits.ts';
import { escapeMrkdwn, plainText, truncate, truncateMrkdwn } from './mrkdwn.ts';

/** Small pieces shared by the builders. Everything named `safe…` is already-escaped mrkdwn. */

export const NONE_LISTED = '_None listed_';

/** Labels, names and roles are shown in full up to this length, so bold text stays balanced. */
const SHORT_TEXT = 200;

export function header(text: string, blockId?: string): HeaderBlock {
  return {
    type: 'header',
    text: plainText(text, LIMITS.headerText),
    ...(blockId ? { block_id: blockId } : {}),
  };
}

export function divider(): DividerBlock {
  return { type: 'divider' };
}

/** Escapes untrusted text for mrkdwn. */
export function esc(text: string): string {
  return escapeMrkdwn(text);
}

/** Escapes a short untrusted string (a name, a role) capped at 200 chars. */
export function escShort(text: string): string {
  return escapeMrkdwn(truncate(text.replace(/\s+/g, ' ').trim(), SHORT_TEXT)) || '—';
}

/** A user id as a mention: the only mention the bot makes, and only of a well-formed id; anything else is shown escaped. */
export function userMention(userId: string): string {
  return isUserId(userId) ? `<@${userId}>` : escShort(userId);
}

/** A channel id as a link to the channel, only when well-formed; anything else is shown escaped. */
export function channelLink(channelId: string): string {
  return isChannelId(channelId) ? `<#${channelId}>` : escShort(channelId);
}

/** A bulleted list of untrusted strings, or "None listed". */
export function bullets(items: readonly string[]): string {
  if (items.length === 0) return NONE_LISTED;
  return items.map((item) => `• ${esc(item)}`).join('\n');
}

/** "*Label*\nbody" where body is already safe. */
export function labelled(label: string, safeBody: string): string {
  return `*${label}*\n${safeBody}`;
}

/** A comma-separated inline list of untrusted strings, or "None listed". */
export function inlineList(items: readonly string[]): string {
  return items.length === 0 ? NONE_LISTED : items.map(esc).join(', ');
}

/** The plain `text` fallback: mrkdwn-parsed by Slack in notifications, so built from escaped parts. */
export function fallback(safeText: string): string {
  return safeText.trim() === '' ? '—' : truncateMrkdwn(safeText.toWellFormed(), LIMITS.fallbackText);
}

/** Gives the first block `blockId` and the rest `${blockId}_${i}`: block ids are unique per message. */
export function withBlockId(blocks: KnownBlock[], blockId: string): KnownBlock[] {
  return blocks.map((block, i) => ({ ...block, block_id: i === 0 ? blockId : `${blockId}_${i}` }));
}
