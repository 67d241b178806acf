import type { Logger } from 'pino';
import type { UsergroupMembers } from '../../approval/policy.ts';
import type { Policy } from '../../approval/roles.ts';
import { errorMessage } from '../../errors.ts';
import type { SlackWebApi } from '../../slack/web-api.ts';

/** Live members of Slack user groups (usergroups.users.list, needs usergroups:read), cached briefly. */
export interface UsergroupDirectory {
  /** Members of each group; a group whose lookup failed has none (fail closed), and is logged. */
  membersOf(groupIds: readonly string[]): Promise<UsergroupMembers>;
}

export interface UsergroupDirectoryOptions {
  client: Pick<SlackWebApi, 'usergroups'>;
  logger: Pick<Logger, 'warn'>;
  /** Membership changes reach approvals within this long. */
  ttlMs?: number;
  now?: () => number;
}

export const USERGROUP_TTL_MS = 60_000;

interface CachedGroup {
  members: readonly string[];
  expiresAt: number;
}

export function createUsergroupDirectory(options: UsergroupDirectoryOptions): UsergroupDirectory {
  const ttlMs = options.ttlMs ?? USERGROUP_TTL_MS;
  const now = options.now ?? Date.now;
  const cache = new Map<string, CachedGroup>();
  // Concurrent clicks share one lookup per group instead of each asking Slack.
  const inFlight = new Map<string, Promise<readonly string[]>>();

  async function lookUp(groupId: string): Promise<readonly string[]> {
    try {
      const res = await options.client.usergroups.users.list({ usergroup: groupId });
      const members = (res.users ?? []).filter((u): u is string => typeof u === 'string');
      cache.set(groupId, { members, expiresAt: now() + ttlMs });
      return members;
    } catch (err) {
      // Not cached: the next click asks again rather than locking holders out for a whole TTL.
      options.logger.warn(
        { usergroup: groupId, err: errorMessage(err) },
        'user group lookup failed; its members cannot decide until it succeeds',
      );
      return [];
    }
  }

  function membersOfGroup(groupId: string): Promise<readonly string[]> {
    const cached = cache.get(groupId);
    if (cached && cached.expiresAt > now()) return Promise.resolve(cached.members);
    let pending = inFlight.get(groupId);
    if (!pending) {
      pending = lookUp(groupId).finally(() => inFlight.delete(groupId));
      inFlight.set(groupId, pending);
    }
    return pending;
  }

  return {
    async membersOf(groupIds) {
      const unique = [...new Set(groupIds)];
      const lists = await Promise.all(unique.map(membersOfGroup));
      return Object.fromEntries(unique.map((id, i) => [id, lists[i] ?? []]));
    },
  };
}

/** Every user group the policy names, in policy order. */
export function policyUsergroups(policy: Policy): string[] {
  return [...new Set(Object.values(policy.roles).flatMap((role) => role.usergroups))];
}
