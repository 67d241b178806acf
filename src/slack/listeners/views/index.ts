import type { App } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { CALLBACK } from '../../ids.ts';
import { planRequestSubmission } from './plan-request.ts';

export function registerViews(app: App, services: Services): void {
  app.view(CALLBACK.planRequest, planRequestSubmission(services));
}
