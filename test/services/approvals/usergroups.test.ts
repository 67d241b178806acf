import { describe, expect, it } from 'vitest';
import type { Policy } from '../../../src/approval/roles.ts';
import { createUsergroupDirectory, policyUsergroups } from '../../../src/services/approvals/usergroups.ts';

/** A usergroups.users.list stand-in: answers from `groups`, or fails for ids in `failing`. */
function fakeSlack(groups: Record<string, string[]>, failing = new Set<string>()) {
  const calls: string[] = [];
  const client = {
    usergroups: {
      users: {
        list: async ({ usergroup }: { usergroup: string }) => {
          calls.push(usergroup);
          await Promise.resolve();
          if (failing.has(usergroup)) throw new Error('An API error occurred: missing_scope');
          return { ok: true, users: groups[usergroup] ?? [] };
        },
      },
    },
  };
  return { client: client as never, calls };
}

function directory(groups: Record<string, string[]>, failing?: Set<string>) {
  const slack = fakeSlack(groups, failing);
  const warnings: unknown[] = [];
  let now = 0;
  const dir = createUsergroupDirectory({
    client: slack.client,
    logger: { warn: (obj: unknown) => void warnings.push(obj) } as never,
    ttlMs: 60_000,
    now: () => now,
  });
  return { dir, calls: slack.calls, warnings, advance: (ms: number) => (now += ms) };
}

describe('createUsergroupDirectory', () => {
  it('looks a group up once within the TTL, and again after it', async () => {
    const { dir, calls, advance } = directory({ S1: ['U1', 'U2'] });
    expect(await dir.membersOf(['S1'])).toEqual({ S1: ['U1', 'U2'] });
    advance(59_999);
    expect(await dir.membersOf(['S1', 'S1'])).toEqual({ S1: ['U1', 'U2'] });
    expect(calls).toEqual(['S1']);
    advance(1);
    await dir.membersOf(['S1']);
    expect(calls).toEqual(['S1', 'S1']);
  });

  it('shares one lookup between concurrent callers', async () => {
    const { dir, calls } = directory({ S1: ['U1'] });
    await Promise.all([dir.membersOf(['S1']), dir.membersOf(['S1']), dir.membersOf(['S1'])]);
    expect(calls).toEqual(['S1']);
  });

  it('fails closed for a group whose lookup fails, logs it, and asks again next time', async () => {
    const failing = new Set(['S2']);
    const { dir, calls, warnings } = directory({ S1: ['U1'], S2: ['U9'] }, failing);
    expect(await dir.membersOf(['S1', 'S2'])).toEqual({ S1: ['U1'], S2: [] });
    expect(warnings).toEqual([
      expect.objectContaining({ usergroup: 'S2', err: expect.stringContaining('missing_scope') }),
    ]);
    failing.clear();
    expect(await dir.membersOf(['S2'])).toEqual({ S2: ['U9'] });
    expect(calls).toEqual(['S1', 'S2', 'S2']);
  });
});

describe('policyUsergroups', () => {
  it('lists each group the policy names once, in policy order', () => {
    const policy: Policy = {
      roles: {
        A: { users: ['U1'], usergroups: ['S2', 'S1'] },
        B: { users: [], usergroups: ['S1', 'S3'] },
      },
      approvalMatrix: { low: ['A'], medium: ['A'], high: ['A', 'B'] },
    };
    expect(policyUsergroups(policy)).toEqual(['S2', 'S1', 'S3']);
  });
});
