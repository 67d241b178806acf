import type { PlanRecord } from '../../plan/record.ts';
import type { ServiceDeps } from '../deps.ts';
import { refreshRoot } from './root-message.ts';

/**
 * A plan's progress on its root message ("Drafting — 3 of 6 sections"), shown without holding up
 * the drafting. When Slack's budget for chat.update is short, a root update can wait seconds
 * (src/slack/pacing.ts); awaited after each section, that wait paced the drafting itself, and with
 * nothing queued behind it there was nothing to collapse (issue 14, BENCHMARKS.md 3b).
 */
export interface RootProgress {
  /** Shows the plan's progress soon; never waits; updates asked for meanwhile collapse to the latest. */
  show(deps: ServiceDeps, plan: PlanRecord): void;
  /** Resolves once every progress update asked for so far is done: then the final state can follow. */
  settled(planId: string): Promise<void>;
}

type Refresh = (deps: ServiceDeps, plan: PlanRecord) => Promise<unknown>;

interface Running {
  latest: PlanRecord;
  again: boolean;
  done: Promise<void>;
}

/** `refresh` is refreshRoot (which records a root Slack refused as lagging); tests pass their own. */
export function createRootProgress(refresh: Refresh = refreshRoot): RootProgress {
  const plans = new Map<string, Running>();
  const run = async (deps: ServiceDeps, running: Running): Promise<void> => {
    while (running.again) {
      running.again = false;
      try {
        await refresh(deps, running.latest);
      } catch (err) {
        deps.logger.warn(
          { err, planId: running.latest.id },
          'root progress not shown; the next update catches up',
        );
      }
    }
    plans.delete(running.latest.id);
  };
  return {
    show(deps, plan) {
      const running = plans.get(plan.id);
      if (running) {
        running.latest = plan;
        running.again = true;
        return;
      }
      const started: Running = { latest: plan, again: true, done: Promise.resolve() };
      plans.set(plan.id, started);
      started.done = run(deps, started);
    },
    settled(planId) {
      return plans.get(planId)?.done ?? Promise.resolve();
    },
  };
}
