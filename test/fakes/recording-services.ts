import pino from 'pino';
import type { Services } from '../../src/services/index.ts';
import { openSqliteStore } from '../../src/store/sqlite.ts';
import { CHOICES } from './service-deps.ts';

/** One thing that happened, in order: an ack (with what it answered) or a hand-off to a service. */
export type Step =
  | { kind: 'ack'; response: unknown }
  | { kind: 'call'; method: keyof Services; input: unknown[] };

/**
 * Services that only record what the listeners hand them, for unit tests of listeners: what was
 * parsed, and whether the ack came first.
 */
export function recordingServices(
  steps: Step[],
  logLines: string[] = [],
  options: { canSave?: boolean } = {},
): Services {
  const call =
    <M extends keyof Services>(method: M) =>
    (...input: unknown[]) => {
      steps.push({ kind: 'call', method, input });
    };
  const asyncCall =
    <M extends keyof Services>(method: M) =>
    async (...input: unknown[]) => {
      steps.push({ kind: 'call', method, input });
    };
  return {
    choices: CHOICES,
    logger: pino({ level: 'info' }, { write: (line: string) => void logLines.push(line) }),
    store: openSqliteStore(':memory:'),
    openRequestForm: call('openRequestForm'),
    showFreezes: asyncCall('showFreezes'),
    async canSave(...input: unknown[]) {
      steps.push({ kind: 'call', method: 'canSave', input });
      return options.canSave ?? true;
    },
    submitRequest: call('submitRequest'),
    retryPlan: call('retryPlan'),
    retryReview: call('retryReview'),
    openReviewNotes: asyncCall('openReviewNotes'),
    receiveThreadReply: call('receiveThreadReply'),
    submitFeedback: call('submitFeedback'),
    retryRevision: call('retryRevision'),
    resumePendingFeedback: call('resumePendingFeedback'),
    approveItem: call('approveItem'),
    openRequestChanges: asyncCall('openRequestChanges'),
    requestChanges: call('requestChanges'),
    viewDraft: asyncCall('viewDraft'),
    openApproveAll: asyncCall('openApproveAll'),
    approveAll: call('approveAll'),
    openHome: call('openHome'),
    refreshEvidence: call('refreshEvidence'),
    runDueTimeouts: asyncCall('runDueTimeouts'),
  };
}
