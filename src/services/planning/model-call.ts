import type { z } from 'zod';
import { ModelError, type StructuredRequest, type StructuredResult } from '../../llm/port.ts';
import {
  type FailureCode,
  type ModelCallPurpose,
  type ModelCallRecord,
  type ModelChoice,
  NO_USAGE,
} from '../../plan/model.ts';
import type { PlanRecord } from '../../plan/record.ts';
import type { ServiceDeps } from '../deps.ts';

type Request<S extends z.ZodObject> = Omit<StructuredRequest<S>, 'model' | 'maxOutputTokens'>;

/**
 * Every model call goes through here: it is recorded (model, tokens, latency, outcome) in the store
 * and the audit log, and counted in the metrics, whether it succeeds or not.
 */
export async function callModel<S extends z.ZodObject>(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  purpose: ModelCallPurpose,
  request: Request<S>,
): Promise<StructuredResult<z.infer<S>>> {
  const model = deps.models[choice.provider];
  if (!model) throw new ModelError('api_error', `${choice.label} is no longer configured.`);
  const started = deps.clock.now().getTime();
  try {
    const result = await model.generate({
      ...request,
      model: choice.model,
      maxOutputTokens: deps.maxOutputTokens,
    });
    await record(deps, plan, choice, purpose, {
      usage: result.usage,
      latencyMs: result.latencyMs,
      outcome: 'ok',
    });
    return result;
  } catch (err) {
    await record(deps, plan, choice, purpose, {
      usage: (err instanceof ModelError && err.usage) || NO_USAGE,
      latencyMs: deps.clock.now().getTime() - started,
      outcome: err instanceof ModelError ? err.code : 'interrupted',
    });
    throw err;
  }
}

async function record(
  deps: ServiceDeps,
  plan: PlanRecord,
  choice: ModelChoice,
  purpose: ModelCallPurpose,
  outcome: Pick<ModelCallRecord, 'usage' | 'latencyMs' | 'outcome'>,
): Promise<void> {
  const call: ModelCallRecord = {
    planId: plan.id,
    purpose,
    provider: choice.provider,
    model: choice.model,
    ...outcome,
    createdAt: deps.clock.now().toISOString(),
  };
  deps.metrics.modelCalled(call);
  await deps.store.recordModelCall(call);
  await deps.store.appendAudit({ kind: 'model.call', planId: plan.id, actor: null, data: call });
}

/** The model the request chose, while it is still configured. */
export function choiceOf(deps: Pick<ServiceDeps, 'choices'>, plan: PlanRecord): ModelChoice {
  const choice = deps.choices.find((c) => c.id === plan.request.modelChoice);
  if (!choice)
    throw new ModelError('api_error', `Model ${plan.request.modelChoice} is no longer configured.`);
  return choice;
}

/** Why work stopped, as the thread and the store name it: a model failure, or ours. */
export function failureCodeOf(err: unknown): FailureCode {
  return err instanceof ModelError ? err.code : 'internal';
}
