import type { App } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { appHomeOpenedEvent } from './app-home.ts';
import { threadReplyEvent } from './thread-reply.ts';

export function registerEvents(app: App, services: Services): void {
  app.event('message', threadReplyEvent(services));
  app.event('app_home_opened', appHomeOpenedEvent(services));
}
