import type { Clock } from '../lib/clock.ts';
import type { ClaimRecord, Store } from './port.ts';

/**
 * Claims that only stop a delivery being acted on twice: a command or click delivered again
 * (src/slack/middleware/dedupe.ts), an event or thread reply Slack retried (revisions), a modal
 * submitted twice (request-form), the storage probe (storage-health). Slack retries within minutes and
 * a trigger lives 3 s, so after a day they can only take up room. Claims that keep a plan's own
 * history once (an announcement, a retry of one failure) are never forgotten. Every delivery claim's
 * key is made by `deliveryClaimKey`, so what the sweep forgets is defined here once.
 */
const DELIVERY_KINDS = ['command', 'action', 'event', 'reply', 'submission', 'health'] as const;
export type DeliveryKind = (typeof DELIVERY_KINDS)[number];

/** `kind:part:part…`, the key of a delivery claim. */
export function deliveryClaimKey(kind: DeliveryKind, ...parts: string[]): string {
  return [kind, ...parts].join(':');
}

export const DELIVERY_CLAIM_RETENTION_MS = 24 * 60 * 60 * 1000;
/** Keys read per step: under a millisecond of SQLite (1M claims), so a step never holds the loop long. */
export const CLAIM_SWEEP_PAGE = 250;
/** One step this often reads 2.2 million keys a day, far more than a workspace makes. */
export const CLAIM_SWEEP_EVERY_MS = 10_000;

export function isDeliveryClaim(key: string): boolean {
  return DELIVERY_KINDS.some((kind) => key.startsWith(`${kind}:`));
}

/** The keys of a page to forget: delivery claims made before `before` (ISO time). */
export function claimsToForget(page: readonly ClaimRecord[], before: string): string[] {
  return page
    .filter((claim) => claim.createdAt < before && isDeliveryClaim(claim.key))
    .map((claim) => claim.key);
}

export interface ClaimSweepStep {
  /** How many claims this step forgot. */
  forgotten: number;
  /** True when the step read the last page: the next one starts from the first key again. */
  wrapped: boolean;
}

/**
 * Forgets old delivery claims a page at a time, walking the table in key order (claims have no index
 * on their time; adding one would cost every claim a second write). Where the walk is lives in this
 * process only: a restart walks again from the start, which forgets nothing it should not.
 */
export function createClaimSweep(
  deps: { store: Pick<Store, 'listClaimsAfter' | 'forgetClaims'>; clock: Clock },
  pageSize = CLAIM_SWEEP_PAGE,
): () => Promise<ClaimSweepStep> {
  let after = '';
  return async () => {
    const page = await deps.store.listClaimsAfter(after, pageSize);
    const before = new Date(deps.clock.now().getTime() - DELIVERY_CLAIM_RETENTION_MS).toISOString();
    const keys = claimsToForget(page, before);
    const forgotten = keys.length > 0 ? await deps.store.forgetClaims(keys, before) : 0;
    const wrapped = page.length < pageSize;
    after = wrapped ? '' : (page.at(-1)?.key ?? '');
    return { forgotten, wrapped };
  };
}
