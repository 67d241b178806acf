import { z } from 'zod';
import { parseDuration } from '../lib/duration.ts';
import type { Timeouts } from './timeouts.ts';
import type { Problem } from './yaml-locations.ts';

/** The policy file's `timeouts:` section: its schema, its cross-field checks, and its Policy form. */
export const TIMEOUT_KEYS = 'remind_after, remind_every, escalate_after, escalate_to, expire_after';

/** A year: longer than any approval should wait. */
const MAX_MS = 365 * 86_400_000;

const Duration = z
  .string({ error: 'must be a number and a unit (s, m, h or d), e.g. 4h' })
  .transform((text, ctx) => {
    const ms = parseDuration(text);
    if (ms === undefined) {
      ctx.addIssue({
        code: 'custom',
        message: `${JSON.stringify(text)} is not a duration: a number and a unit (s, m, h or d), e.g. 4h`,
      });
      return z.NEVER;
    }
    if (ms <= 0 || ms > MAX_MS) {
      ctx.addIssue({ code: 'custom', message: 'must be more than 0 and at most 365d' });
      return z.NEVER;
    }
    return ms;
  });

export const TimeoutsSchema = z.strictObject(
  {
    remind_after: Duration.optional(),
    remind_every: Duration.optional(),
    escalate_after: Duration.optional(),
    escalate_to: z.string({ error: 'must be a role name' }).optional(),
    expire_after: Duration.optional(),
  },
  { error: `must be a map with any of ${TIMEOUT_KEYS}, e.g. { remind_after: 4h }` },
);
type TimeoutsEntry = z.infer<typeof TimeoutsSchema>;

export function toTimeouts(entry: TimeoutsEntry): Timeouts {
  return {
    ...(entry.remind_after === undefined ? {} : { remindAfterMs: entry.remind_after }),
    ...(entry.remind_every === undefined ? {} : { remindEveryMs: entry.remind_every }),
    ...(entry.escalate_after === undefined || entry.escalate_to === undefined
      ? {}
      : { escalation: { afterMs: entry.escalate_after, role: entry.escalate_to } }),
    ...(entry.expire_after === undefined ? {} : { expireAfterMs: entry.expire_after }),
  };
}

/** Checks across the section's fields, on the raw YAML value; the schema reports wrong shapes itself. */
export function timeoutsProblems(raw: unknown, roleNames: readonly string[]): Problem[] {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return [];
  const fields = raw as Record<string, unknown>;
  const at = (key: string) => ['timeouts', key];
  const problems: Problem[] = [];
  const role = fields.escalate_to;
  if (fields.escalate_after !== undefined && role === undefined) {
    problems.push({ path: at('escalate_after'), message: 'needs escalate_to: the role to escalate to' });
  }
  if (role !== undefined && fields.escalate_after === undefined) {
    problems.push({ path: at('escalate_to'), message: 'needs escalate_after: when to escalate' });
  }
  if (typeof role === 'string' && !roleNames.includes(role)) {
    problems.push({
      path: at('escalate_to'),
      message: `role “${role}” is not defined under roles (defined roles: ${roleNames.join(', ') || 'none'})`,
    });
  }
  const escalate = durationOf(fields.escalate_after);
  const expire = durationOf(fields.expire_after);
  if (escalate !== undefined && expire !== undefined && escalate >= expire) {
    problems.push({
      path: at('escalate_after'),
      message: 'must be shorter than expire_after: the plan would expire before anyone is escalated to',
    });
  }
  return problems;
}

function durationOf(value: unknown): number | undefined {
  return typeof value === 'string' ? parseDuration(value) : undefined;
}
