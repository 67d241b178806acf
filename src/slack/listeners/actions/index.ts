import type { App, BlockButtonAction } from '@slack/bolt';
import type { Services } from '../../../services/index.ts';
import {
  ACTION,
  APPROVE_ACTION_PATTERN,
  APPROVE_ALL_ACTION_PATTERN,
  REVIEW_ACTION,
  REVISION_ACTION,
} from '../../ids.ts';
import { approveAllAction } from './approve-all.ts';
import { approveItemAction } from './approve-item.ts';
import { refreshEvidenceAction } from './refresh-evidence.ts';
import { requestChangesAction } from './request-changes.ts';
import { retryPlanAction } from './retry-plan.ts';
import { retryReviewAction } from './retry-review.ts';
import { retryRevisionAction } from './retry-revision.ts';
import { reviewNotesAction } from './review-notes.ts';
import { viewDraftAction } from './view-draft.ts';

export function registerActions(app: App, services: Services): void {
  app.action(ACTION.retryPlan, retryPlanAction(services));
  app.action(ACTION.retryReview, retryReviewAction(services));
  app.action(ACTION.reviewNotes, reviewNotesAction(services));
  app.action(ACTION.refreshEvidence, refreshEvidenceAction(services));
  app.action(REVISION_ACTION.retryRevision, retryRevisionAction(services));
  app.action<BlockButtonAction>(APPROVE_ACTION_PATTERN, approveItemAction(services));
  app.action(REVIEW_ACTION.requestChanges, requestChangesAction(services));
  app.action(REVIEW_ACTION.viewDraft, viewDraftAction(services));
  app.action<BlockButtonAction>(APPROVE_ALL_ACTION_PATTERN, approveAllAction(services));
}
