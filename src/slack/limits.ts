/**
 * Slack's Web API limits, per method and per workspace (api.slack.com/apis/rate-limits): each
 * method has a tier, each tier a number of requests per minute, and short bursts are tolerated.
 * One table, read by the app's pacing (src/slack/pacing.ts) and by the fake Slack of the tests.
 * chat.postMessage is "special" (about one per second per channel): paced per channel instead.
 */
export type Tier = 1 | 2 | 3 | 4;

/** Requests per minute per tier (Slack publishes them as "N+ per minute"). */
export const TIER_PER_MINUTE: Readonly<Record<Tier, number>> = { 1: 1, 2: 20, 3: 50, 4: 100 };

/** The methods this app calls, and a few Bolt calls, with their tier from Slack's reference pages. */
export const METHOD_TIERS: Readonly<Record<string, Tier>> = {
  'chat.update': 3,
  'chat.delete': 3,
  'chat.postEphemeral': 4,
  'chat.getPermalink': 4,
  'conversations.replies': 3,
  'views.open': 4,
  'views.update': 4,
  'views.publish': 4,
  'usergroups.users.list': 2,
  'reactions.add': 3,
  'apps.connections.open': 1,
};

export interface MethodBudget {
  perMinute: number;
  /** Requests a quiet method may take at once. */
  burst: number;
}

/** The workspace's budget for `method`: its tier's rate, a burst of a tenth of it (at least 1). */
export function slackBudgetOf(method: string): MethodBudget | undefined {
  const tier = METHOD_TIERS[method];
  if (tier === undefined) return undefined;
  const perMinute = TIER_PER_MINUTE[tier];
  return { perMinute, burst: Math.max(1, Math.floor(perMinute / 10)) };
}

/**
 * What the app spends of it: 90% of the rate and one request less of burst, so that requests
 * delayed on their way (a busy event loop, a new connection) cannot arrive bunched over the limit.
 */
export function appBudgetOf(method: string): MethodBudget | undefined {
  const budget = slackBudgetOf(method);
  if (!budget) return undefined;
  return { perMinute: budget.perMinute * 0.9, burst: Math.max(1, budget.burst - 1) };
}

/** A replica's part of a workspace budget (`share` of the rate; the burst at least 1). */
export function sharedBudget(budget: MethodBudget | undefined, share: number): MethodBudget | undefined {
  if (!budget || share >= 1) return budget;
  return { perMinute: budget.perMinute * share, burst: Math.max(1, Math.floor(budget.burst * share)) };
}
