import type { AllMiddlewareArgs, SlackEventMiddlewareArgs } from '@slack/bolt';
import { z } from 'zod';
import { SlackUserId } from '../../../lib/slack-ids.ts';
import type { Services } from '../../../services/index.ts';

const AppHomeOpened = z.object({
  type: z.literal('app_home_opened'),
  user: SlackUserId,
  /** `home` or `messages`; only the Home tab is built. */
  tab: z.string().optional(),
});

/** The person whose Home tab was opened, or undefined (the Messages tab, an invalid event). */
export function parseAppHomeOpened(event: unknown): string | undefined {
  const parsed = AppHomeOpened.safeParse(event);
  if (!parsed.success || (parsed.data.tab !== undefined && parsed.data.tab !== 'home')) return undefined;
  return parsed.data.user;
}

/** `app_home_opened`: Bolt acks events itself; this hands the person to the inbox service. */
export function appHomeOpenedEvent(services: Services) {
  return async ({ event }: SlackEventMiddlewareArgs<'app_home_opened'> & AllMiddlewareArgs) => {
    const userId = parseAppHomeOpened(event);
    if (userId) services.openHome(userId);
  };
}
