import type { TargetRequest } from './request.ts';

/** A freeze window as the model is told about it: computed by code from the policy file. */
export interface PromptFreeze {
  name: string;
  start: Date;
  end: Date;
  timezone: string;
  exceptionRole?: string | undefined;
}

const MAX_FREEZES = 20;
const NAME_MAX = 80;

/** "2026-12-14 23:00 UTC": minutes are enough for a plan. */
function utc(at: Date | string): string {
  return `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;
}

/** Operator text on one short line, unable to open or close a tag of the prompt. */
function oneLine(text: string): string {
  const line = text.replace(/\s+/g, ' ').replace(/</g, '‹').trim();
  return line.length > NAME_MAX ? `${line.slice(0, NAME_MAX - 1)}…` : line;
}

/**
 * When the plan is meant to ship and the freezes of that period: stated after the request (they come
 * from the form's pickers and from the policy, not from typed text), so the timeline avoids them.
 */
export function scheduleLines(target: TargetRequest | undefined, freezes: readonly PromptFreeze[]): string[] {
  const lines: string[] = [];
  if (target?.end) {
    lines.push(
      `Target window: from ${utc(target.start)} until ${utc(target.end)}. Lay the Execution Timeline out inside it and give each week and gate its dates.`,
    );
  } else if (target) {
    lines.push(`Target start: ${utc(target.start)}. Date the Execution Timeline from it.`);
  }
  if (freezes.length === 0) return lines;
  lines.push(
    "Freeze windows that apply to this plan's risk class in that period (from the approval policy; changes do not ship inside them, the end is exclusive):",
    ...freezes.slice(0, MAX_FREEZES).map((f) => {
      const exception = f.exceptionRole
        ? `; exception only with approval by ${oneLine(f.exceptionRole)}`
        : '; no exception';
      return `- ${oneLine(f.name)}: ${utc(f.start)} until ${utc(f.end)} (set in ${oneLine(f.timezone)})${exception}`;
    }),
    'Keep every step of the timeline out of these windows where you can; where a step cannot avoid one, say so in the timeline and the gating rules and name the exception role.',
  );
  return lines;
}
