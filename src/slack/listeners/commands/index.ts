import type { App } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { COMMAND } from '../../ids.ts';
import { releasePlanCommand } from './release-plan.ts';

export function registerCommands(app: App, services: Services): void {
  app.command(COMMAND, releasePlanCommand(services));
}
