import type { ModelChoice } from '../../plan/model.ts';
import type { PlanRecord } from '../../plan/record.ts';
import { parseSection } from '../../plan/schema.ts';
import type { ServiceDeps } from '../deps.ts';
import { latestReview } from '../thread/review-record.ts';
import { refreshRoot } from '../thread/root-message.ts';
import { showSection } from '../thread/section-messages.ts';
import { reviewAgain } from './review-gating.ts';

export interface RetryReviewInput {
  planId: string;
  userId: string;
  channelId: string;
}

/**
 * Retry review on a gating section posted "not reviewed": the second model reviews the section as
 * it stands (no revision: people may have read it already), the section shows the outcome, the root
 * too. Once per failed review, however often the button is clicked.
 */
export async function retryReview(deps: ServiceDeps, input: RetryReviewInput): Promise<void> {
  const plan = await deps.store.getPlan(input.planId);
  if (!plan || plan.channelId !== input.channelId) return;
  const stored = (await deps.store.listSections(plan.id, plan.version)).find((s) => s.key === 'gating');
  if (!stored || (await latestReview(deps, plan.id, stored.hash))?.status !== 'not_reviewed') return;
  const reviews = (await deps.store.listAudit({ planId: plan.id })).filter(
    (e) => e.kind === 'section.reviewed',
  );
  if (!(await deps.store.claimOnce(`review-retry:${plan.id}:${stored.hash}:${reviews.length}`))) return;
  const planner = plannerOf(deps, plan);
  const notes = await deps.store.getGuardNotes(plan.id, 'gating', stored.hash);
  const current = { section: parseSection('gating', stored.content), notes, hash: stored.hash, findings: [] };
  await reviewAgain(deps, plan, planner, current);
  await showSection(deps, plan, current, { only: new Set(['gating']) });
  await refreshRoot(deps, plan);
}

/** The model that drafted the plan (the reviewer is chosen against it), configured or not. */
function plannerOf(deps: Pick<ServiceDeps, 'choices'>, plan: PlanRecord): ModelChoice {
  const configured = deps.choices.find((c) => c.id === plan.request.modelChoice);
  if (configured) return configured;
  const [provider = 'openai', ...model] = plan.request.modelChoice.split(':');
  const known = provider === 'anthropic' ? 'anthropic' : 'openai';
  return {
    id: plan.request.modelChoice,
    provider: known,
    model: model.join(':'),
    label: plan.request.modelChoice,
  };
}
