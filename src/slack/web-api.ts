import type {
  ChatGetPermalinkArguments,
  ChatGetPermalinkResponse,
  ChatUpdateArguments,
  ChatUpdateResponse,
  ViewsPublishArguments,
  ViewsPublishResponse,
  WebClient,
} from '@slack/web-api';

/**
 * Whose call it is, when Slack's budget for a method is short (src/slack/budget-spender.ts):
 * `person` — what someone just did; `progress` — a plan's own progress.
 */
export type SlackPriority = 'person' | 'progress';

/**
 * The Slack Web API methods the services call: the real (paced) client in the app, a recording
 * fake in service tests. Naming them keeps the services' reach on Slack visible in one place.
 */
export interface SlackWebApi {
  chat: Pick<WebClient['chat'], 'postMessage' | 'delete' | 'postEphemeral'> & {
    /**
     * `priority` (never sent to Slack) tells the pacing whose update it is: `person` for what
     * someone just did, `progress` (the default) for a plan's own progress.
     */
    update(args: ChatUpdateArguments, options?: { priority?: SlackPriority }): Promise<ChatUpdateResponse>;
    /** A thread's link for an App Home (`priority` as for `views.publish`, default `person`). */
    getPermalink(
      args: ChatGetPermalinkArguments,
      options?: { priority?: SlackPriority },
    ): Promise<ChatGetPermalinkResponse>;
  };
  /** open: a person's modal; publish: a person's App Home (`person` when they just opened it). */
  views: Pick<WebClient['views'], 'open'> & {
    publish(
      args: ViewsPublishArguments,
      options?: { priority?: SlackPriority },
    ): Promise<ViewsPublishResponse>;
  };
  /** Read only to find item messages a dead run posted but never recorded (message metadata). */
  conversations: Pick<WebClient['conversations'], 'replies'>;
  usergroups: { users: Pick<WebClient['usergroups']['users'], 'list'> };
  /** A reaction on a thread reply that changed nothing: it was read. */
  reactions: Pick<WebClient['reactions'], 'add'>;
}
