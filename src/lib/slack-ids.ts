import { z } from 'zod';

/** Slack's ids as its API and payloads write them: a type letter, then capital letters and digits. */
export const USER_ID = /^[UW][A-Z0-9]{2,}$/;
export const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;
export const USERGROUP_ID = /^S[A-Z0-9]{2,}$/;

export const SlackUserId = z.string().regex(USER_ID);
export const SlackChannelId = z.string().regex(CHANNEL_ID);

export function isUserId(id: string): boolean {
  return USER_ID.test(id);
}

export function isChannelId(id: string): boolean {
  return CHANNEL_ID.test(id);
}
