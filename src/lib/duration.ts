const UNIT_MS = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const DURATION = /^(\d{1,6})\s*(s|m|h|d)$/;

/**
 * "4h" → 14 400 000: a number (up to six digits) and a unit (s, m, h or d), as the policy file
 * writes durations; undefined for any other text. Zero is a duration: callers say what they accept.
 */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as keyof typeof UNIT_MS];
}
