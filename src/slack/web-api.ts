import type { WebClient } from '@slack/web-api';

/**
 * The Slack Web API methods the services call: the real (paced) client in the app, a recording
 * fake in service tests. Naming them keeps the services' reach on Slack visible in one place.
 */
export interface SlackWebApi {
  chat: Pick<WebClient['chat'], 'postMessage' | 'update' | 'delete' | 'postEphemeral'>;
  views: Pick<WebClient['views'], 'open'>;
  /** Read only to find item messages a dead run posted but never recorded (message metadata). */
  conversations: Pick<WebClient['conversations'], 'replies'>;
  usergroups: { users: Pick<WebClient['usergroups']['users'], 'list'> };
}
