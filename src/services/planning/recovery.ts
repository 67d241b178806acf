import type { ModelError } from '../../llm/port.ts';
import type { ModelChoice } from '../../plan/model.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { type RecoveryKind, recoveryFor } from '../../plan/recovery.ts';
import { codeWords } from '../../slack/blocks/failure-message.ts';
import type { ServiceDeps } from '../deps.ts';
import { postNotice } from '../thread/notices.ts';
import { failureCodeOf } from './model-call.ts';

/** One try of a model call: which model, and which recovery (none for the first try). */
export interface Attempt {
  choice: ModelChoice;
  recovery: RecoveryKind | undefined;
  /** Added to the prompt: why the previous answer could not be used. */
  note: string | undefined;
}

/** What the thread is told when work moves to the other provider. */
export type FallbackNotice = (from: ModelChoice, to: ModelChoice, why: string) => string;

/**
 * Runs a model call and, when it fails, the recoveries its failure allows, once each: one repair of
 * unusable output, one more try after a connection that dropped mid-answer, the other provider when
 * the request allows it (said in the thread). Drafting and revisions recover the same way.
 */
export async function withModelRecovery<T>(
  deps: ServiceDeps,
  plan: PlanRecord,
  first: ModelChoice,
  fallbackNotice: FallbackNotice,
  call: (attempt: Attempt) => Promise<T>,
): Promise<T> {
  const used = new Set<RecoveryKind>();
  let attempt: Attempt = { choice: first, recovery: undefined, note: undefined };
  for (;;) {
    try {
      return await call(attempt);
    } catch (err) {
      const kind = recoveryFor(failureCodeOf(err), used, plan.request.options.allowFallback);
      const next = kind && nextAttempt(deps, attempt, kind, err);
      if (!kind || !next) throw err;
      used.add(kind);
      deps.logger.info(
        { planId: plan.id, recovery: kind, err: (err as Error).message },
        'model call recovery',
      );
      if (kind === 'fallback') {
        const why = codeWords(failureCodeOf(err));
        await postNotice(deps, plan, fallbackNotice(attempt.choice, next.choice, why));
      }
      attempt = next;
    }
  }
}

function nextAttempt(
  deps: Pick<ServiceDeps, 'choices' | 'models'>,
  previous: Attempt,
  kind: RecoveryKind,
  err: unknown,
): Attempt | undefined {
  switch (kind) {
    case 'repair':
      return { choice: previous.choice, recovery: kind, note: repairNote(err as ModelError) };
    case 'again':
      return { choice: previous.choice, recovery: kind, note: undefined };
    case 'fallback': {
      const other = deps.choices.find(
        (c) => c.provider !== previous.choice.provider && deps.models[c.provider],
      );
      return other && { choice: other, recovery: kind, note: undefined };
    }
  }
}

function repairNote(err: ModelError): string {
  return `Your previous answer could not be used (${err.message.slice(0, 500)}). Answer again with valid JSON that matches the schema exactly.`;
}
