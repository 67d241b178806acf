import type { App } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import { CALLBACK, REVIEW_CALLBACK } from '../../ids.ts';
import { approveAllSubmission } from './approve-all.ts';
import { planRequestSubmission } from './plan-request.ts';
import { requestChangesSubmission } from './request-changes.ts';

export function registerViews(app: App, services: Services): void {
  app.view(CALLBACK.planRequest, planRequestSubmission(services));
  app.view(REVIEW_CALLBACK.requestChanges, requestChangesSubmission(services));
  app.view(REVIEW_CALLBACK.approveAll, approveAllSubmission(services));
}
