import type { App } from '@slack/bolt';
import type { Services } from '../../services/index.ts';
import { dropDuplicateDeliveries } from '../middleware/dedupe.ts';
import { registerActions } from './actions/index.ts';
import { registerCommands } from './commands/index.ts';
import { registerEvents } from './events/index.ts';
import { registerViews } from './views/index.ts';

export function registerListeners(app: App, services: Services): void {
  app.use(dropDuplicateDeliveries(services.store));
  registerCommands(app, services);
  registerViews(app, services);
  registerActions(app, services);
  registerEvents(app, services);
}
