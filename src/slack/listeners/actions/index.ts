import type { App } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { ACTION } from '../../ids.ts';
import { retryPlanAction } from './retry-plan.ts';

export function registerActions(app: App, services: Services): void {
  app.action(ACTION.retryPlan, retryPlanAction(services));
}
