import type { ChatGetPermalinkResponse } from '@slack/web-api';
import type { SlackWebApi } from './web-api.ts';

type GetPermalink = SlackWebApi['chat']['getPermalink'];

/** Links kept; beyond this the longest-unused go (a link costs about 200 bytes). */
export const PERMALINKS_KEPT = 2_000;

/**
 * chat.getPermalink asked once per message: a message's link never changes, and every App Home
 * shows the links of up to 30 plans, rebuilt for everyone who has one open after each decision —
 * without this, a dozen open tabs spent Tier 4's burst on the same link (issue 14). Callers asking
 * at the same moment share one call (made with the first one's options); a failed call is not
 * kept, so the next caller asks again.
 */
export function rememberPermalinks(getPermalink: GetPermalink, kept = PERMALINKS_KEPT): GetPermalink {
  const links = new Map<string, Promise<ChatGetPermalinkResponse>>();
  return (args, options) => {
    const key = `${args.channel}:${args.message_ts}`;
    const known = links.get(key);
    if (known) {
      // Map order is insertion order: moved to the end, it is the most recently used.
      links.delete(key);
      links.set(key, known);
      return known;
    }
    const asked = getPermalink(args, options);
    links.set(key, asked);
    asked.catch(() => {
      if (links.get(key) === asked) links.delete(key);
    });
    for (const oldest of links.keys()) {
      if (links.size <= kept) break;
      links.delete(oldest);
    }
    return asked;
  };
}

/** `api` with chat.getPermalink remembered (outermost, so a link already known is neither paced nor counted). */
export function withRememberedPermalinks(api: SlackWebApi, kept = PERMALINKS_KEPT): SlackWebApi {
  return {
    ...api,
    chat: {
      ...api.chat,
      getPermalink: rememberPermalinks((args, how) => api.chat.getPermalink(args, how), kept),
    },
  };
}
