import type { Logger } from 'pino';
import type { ModelChoice } from '../llm/port.ts';
import type { Store } from '../store/port.ts';
import type { ServiceDeps } from './deps.ts';
import {
  type CommandInput,
  type FormContext,
  openRequestForm,
  type SubmissionInput,
  submitRequest,
} from './request-form.ts';
import { type RetryInput, retryPlan } from './retry.ts';

/** What listeners call: quick work is awaited; long work is handed to the job runner after the ack. */
export interface Services {
  choices: ModelChoice[];
  logger: Logger;
  store: Store;
  openRequestForm(input: CommandInput): Promise<void>;
  submitRequest(input: SubmissionInput): void;
  retryPlan(input: RetryInput): void;
}

export function createServices(deps: ServiceDeps, form: FormContext): Services {
  return {
    choices: deps.choices,
    logger: deps.logger,
    store: deps.store,
    openRequestForm: (input) => openRequestForm(deps, form, input),
    submitRequest: (input) =>
      deps.jobs.run('plan', { viewId: input.viewId, channelId: input.metadata.channelId }, () =>
        submitRequest(deps, input),
      ),
    retryPlan: (input) => deps.jobs.run('retry', { planId: input.planId }, () => retryPlan(deps, input)),
  };
}
