import { type WebClient, WebClientEvent } from '@slack/web-api';
import type { Metrics } from '../observability/metrics.ts';
import type { SlackWebApi } from './web-api.ts';

/**
 * The services' Web API with each call counted by method, as the services make it: the SDK's own
 * retries of one call are not counted again (429s are, by countRateLimits).
 */
export function meteredWebApi(client: SlackWebApi, metrics: Pick<Metrics, 'slackCalled'>): SlackWebApi {
  const counted =
    <A, R>(method: string, call: (args: A) => Promise<R>) =>
    (args: A): Promise<R> => {
      metrics.slackCalled(method);
      return call(args);
    };
  return {
    chat: {
      postMessage: counted('chat.postMessage', (args) => client.chat.postMessage(args)),
      update: (args, options) => {
        metrics.slackCalled('chat.update');
        return client.chat.update(args, options);
      },
      delete: counted('chat.delete', (args) => client.chat.delete(args)),
      postEphemeral: counted('chat.postEphemeral', (args) => client.chat.postEphemeral(args)),
      getPermalink: (args, options) => {
        metrics.slackCalled('chat.getPermalink');
        return client.chat.getPermalink(args, options);
      },
    },
    views: {
      open: counted('views.open', (args) => client.views.open(args)),
      publish: counted('views.publish', (args) => client.views.publish(args)),
    },
    conversations: {
      replies: counted('conversations.replies', (args) => client.conversations.replies(args)),
    },
    usergroups: {
      users: { list: counted('usergroups.users.list', (args) => client.usergroups.users.list(args)) },
    },
    reactions: { add: counted('reactions.add', (args) => client.reactions.add(args)) },
  };
}

/** Counts every 429 the client receives (from any caller: services, listeners, Bolt), by method. */
export function countRateLimits(client: WebClient, metrics: Pick<Metrics, 'slackRateLimited'>): void {
  client.on(WebClientEvent.RATE_LIMITED, (_retryAfterSeconds: number, request: { url: string }) => {
    metrics.slackRateLimited(slackMethodOf(request.url));
  });
}

/** `https://slack.com/api/chat.postMessage` → `chat.postMessage`. */
export function slackMethodOf(url: string): string {
  try {
    return new URL(url).pathname.split('/').filter(Boolean).at(-1) ?? 'unknown';
  } catch {
    return 'unknown';
  }
}
