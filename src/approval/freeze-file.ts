import { z } from 'zod';
import { RISK_CLASSES, RiskClass } from '../plan/schema.ts';
import { cronOf, type FreezeWindow } from './freezes.ts';
import type { Problem } from './yaml-locations.ts';

/** The policy file's `freeze_windows:` list: its schema, its cross-field checks, and its Policy form. */
export const FREEZE_KEYS = 'name, start, end, timezone, from, until, risk_classes, exception_role';

const NAME_MAX = 80;
const text = (what: string) => z.string({ error: `must be ${what} in quotes` });

const FreezeEntrySchema = z.strictObject(
  {
    name: z
      .string({ error: 'is missing: name the freeze, e.g. name: Year-end freeze' })
      .trim()
      .min(1, 'must not be empty')
      .max(NAME_MAX, `must be at most ${NAME_MAX} characters`),
    start: text('a cron expression').optional(),
    end: text('a cron expression').optional(),
    timezone: text('a time zone name such as Europe/Berlin').optional(),
    from: text('an instant such as 2026-12-01T00:00:00Z').optional(),
    until: text('an instant such as 2026-12-03T00:00:00Z').optional(),
    risk_classes: z
      .array(RiskClass, { error: `must be a list of risk classes (${RISK_CLASSES.join(', ')})` })
      .min(1, 'must list at least one risk class, or be left out for all')
      .optional(),
    exception_role: text('a role name').optional(),
  },
  { error: 'must be a map with name and start/end (cron) or from/until (instants)' },
);

export const FreezeWindowsSchema = z.array(FreezeEntrySchema, {
  error:
    'must be a list of freeze windows, e.g. - { name: Year-end freeze, start: "0 0 15 12 *", end: "0 0 5 1 *" }',
});
type FreezeEntry = z.infer<typeof FreezeEntrySchema>;

/** An instant with its offset: a date and a time, then Z or ±hh:mm. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Checks across an entry's fields, on the raw YAML value; the schema reports wrong shapes itself. */
export function freezeProblems(raw: unknown, roleNames: readonly string[]): Problem[] {
  if (!Array.isArray(raw)) return [];
  const names = raw.map((entry) => asRecord(entry)?.name);
  return raw.flatMap((entry, index) => {
    const fields = asRecord(entry);
    if (!fields) return [];
    const at = (key?: string) =>
      key === undefined ? ['freeze_windows', index] : ['freeze_windows', index, key];
    const problems = [...scheduleProblems(fields, at), ...roleProblems(fields.exception_role, roleNames, at)];
    const name = fields.name;
    if (typeof name === 'string' && names.indexOf(name) < index) {
      problems.push({ path: at('name'), message: `another freeze window is already named “${name}”` });
    }
    return problems;
  });
}

type At = (key?: string) => (string | number)[];

function scheduleProblems(fields: Record<string, unknown>, at: At): Problem[] {
  const cron = fields.start !== undefined || fields.end !== undefined;
  const once = fields.from !== undefined || fields.until !== undefined;
  if (cron && once) {
    return [{ path: at('from'), message: 'use either start/end (cron) or from/until (instants), not both' }];
  }
  if (!cron && !once) {
    return [
      { path: at(), message: 'needs start and end (cron, with a timezone) or from and until (instants)' },
    ];
  }
  const problems: Problem[] = [];
  const zone = fields.timezone;
  const zoneOk = typeof zone !== 'string' || isTimeZone(zone);
  if (!zoneOk) {
    problems.push({
      path: at('timezone'),
      message: `${JSON.stringify(zone)} is not a known time zone (use an IANA name such as Europe/Berlin or UTC)`,
    });
  }
  if (cron) {
    const tz = typeof zone === 'string' && zoneOk ? zone : 'UTC';
    for (const key of ['start', 'end'] as const) problems.push(...cronProblems(fields[key], key, tz, at));
    return problems;
  }
  return [...problems, ...instantProblems(fields.from, fields.until, at)];
}

function cronProblems(pattern: unknown, key: 'start' | 'end', zone: string, at: At): Problem[] {
  if (pattern === undefined) {
    const other = key === 'start' ? 'end' : 'start';
    return [{ path: at(other), message: `has no ${key}: a recurring freeze needs both start and end` }];
  }
  if (typeof pattern !== 'string') return [];
  try {
    if (cronOf(pattern, zone).nextRun() !== null) return [];
    return [{ path: at(key), message: `"${pattern}" never matches a future time` }];
  } catch (err) {
    const reason = err instanceof Error ? err.message.replace(/^Cron\w*: /, '').split('.')[0] : String(err);
    return [
      {
        path: at(key),
        message: `"${pattern}" is not a cron expression of five fields (minute hour day month weekday): ${reason}`,
      },
    ];
  }
}

function instantProblems(from: unknown, until: unknown, at: At): Problem[] {
  const problems: Problem[] = [];
  const instant = (value: unknown, key: 'from' | 'until'): number | undefined => {
    if (value === undefined) {
      problems.push({ path: at(), message: `has no ${key}: a one-off freeze needs both from and until` });
      return undefined;
    }
    if (typeof value !== 'string') return undefined;
    const ms = INSTANT.test(value) ? Date.parse(value) : Number.NaN;
    if (Number.isFinite(ms)) return ms;
    problems.push({
      path: at(key),
      message: `${JSON.stringify(value)} is not an instant with its offset, e.g. 2026-12-01T00:00:00Z`,
    });
    return undefined;
  };
  const start = instant(from, 'from');
  const end = instant(until, 'until');
  if (start !== undefined && end !== undefined && end <= start) {
    problems.push({ path: at('until'), message: `must be after from (${String(from)})` });
  }
  return problems;
}

function roleProblems(role: unknown, roleNames: readonly string[], at: At): Problem[] {
  if (typeof role !== 'string' || roleNames.includes(role)) return [];
  const near = roleNames.find((n) => n.toLowerCase() === role.trim().toLowerCase());
  const hint =
    near === undefined ? `defined roles: ${roleNames.join(', ') || 'none'}` : `did you mean “${near}”?`;
  return [{ path: at('exception_role'), message: `role “${role}” is not defined under roles (${hint})` }];
}

/** The validated entries as the Policy holds them (called only once every check has passed). */
export function toFreezeWindows(entries: readonly FreezeEntry[]): FreezeWindow[] {
  return entries.map((entry) => {
    const schedule: FreezeWindow['schedule'] =
      entry.start !== undefined && entry.end !== undefined
        ? { kind: 'recurring', start: entry.start, end: entry.end }
        : { kind: 'once', from: new Date(entry.from ?? ''), until: new Date(entry.until ?? '') };
    return {
      name: entry.name,
      schedule,
      timezone: entry.timezone ?? 'UTC',
      riskClasses: entry.risk_classes ? [...new Set(entry.risk_classes)] : [...RISK_CLASSES],
      ...(entry.exception_role === undefined ? {} : { exceptionRole: entry.exception_role }),
    };
  });
}

function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}
