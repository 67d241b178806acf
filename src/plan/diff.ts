import { excerpt } from '../guard/text.ts';

/**
 * What a revision changed, for people: which items changed (by content hash) and a short
 * before → after of the lines that changed. Pure; the caller decides what counts as an item.
 */

export interface HashComparison {
  /** In both, with another hash. */
  changed: string[];
  /** Only in `after`. */
  added: string[];
  /** Only in `before`. */
  removed: string[];
}

export function compareHashes(
  before: Readonly<Record<string, string>>,
  after: Readonly<Record<string, string>>,
): HashComparison {
  const inBefore = (key: string) => Object.hasOwn(before, key);
  const inAfter = (key: string) => Object.hasOwn(after, key);
  return {
    changed: Object.keys(after).filter((key) => inBefore(key) && before[key] !== after[key]),
    added: Object.keys(after).filter((key) => !inBefore(key)),
    removed: Object.keys(before).filter((key) => !inAfter(key)),
  };
}

/** One leaf that differs; null on the side where it does not exist. */
export interface LineChange {
  path: string;
  before: string | null;
  after: string | null;
}

export interface LineDiff {
  changes: LineChange[];
  /** Changed lines left out by the cap. */
  omitted: number;
}

export interface LineDiffLimits {
  maxLines: number;
  /** Each side of a line is shortened to this many characters. */
  maxChars: number;
}

export const DEFAULT_LINE_LIMITS: LineDiffLimits = { maxLines: 4, maxChars: 140 };

/** The changed leaves of two JSON values, in document order, capped. */
export function lineChanges(
  before: unknown,
  after: unknown,
  limits: LineDiffLimits = DEFAULT_LINE_LIMITS,
): LineDiff {
  const all: LineChange[] = [];
  walk(before, after, [], all);
  const shorten = (text: string | null) => (text === null ? null : excerpt(text, limits.maxChars));
  const kept = all
    .slice(0, limits.maxLines)
    .map((c) => ({ path: c.path, before: shorten(c.before), after: shorten(c.after) }));
  return { changes: kept, omitted: all.length - kept.length };
}

type Json = unknown;

function isObject(value: Json): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isComposite(value: Json): boolean {
  return typeof value === 'object' && value !== null;
}

function walk(before: Json, after: Json, path: string[], out: LineChange[]): void {
  if (isObject(before) && isObject(after)) {
    const keys = [...Object.keys(after), ...Object.keys(before).filter((k) => !Object.hasOwn(after, k))];
    for (const key of keys) walk(before[key], after[key], [...path, humanize(key)], out);
    return;
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const length = Math.max(before.length, after.length);
    for (let i = 0; i < length; i++) {
      walk(before[i], after[i], [...path, elementLabel(i, after[i] ?? before[i])], out);
    }
    return;
  }
  if (before === undefined && isComposite(after)) {
    for (const leaf of leaves(after, path)) out.push({ path: leaf.path, before: null, after: leaf.text });
    return;
  }
  if (after === undefined && isComposite(before)) {
    for (const leaf of leaves(before, path)) out.push({ path: leaf.path, before: leaf.text, after: null });
    return;
  }
  const beforeText = before === undefined ? null : leafText(before);
  const afterText = after === undefined ? null : leafText(after);
  if (beforeText !== afterText) out.push({ path: joinPath(path), before: beforeText, after: afterText });
}

/** Every leaf of a value as "path: text" pairs, in document order. */
export function leaves(value: Json, path: string[] = []): { path: string; text: string }[] {
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => leaves(v, [...path, humanize(k)]));
  if (Array.isArray(value)) return value.flatMap((v, i) => leaves(v, [...path, elementLabel(i, v)]));
  return [{ path: joinPath(path), text: leafText(value) }];
}

function leafText(value: Json): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function joinPath(path: readonly string[]): string {
  return path.length === 0 ? '(value)' : path.join(' › ');
}

function humanize(key: string): string {
  return key.replace(/_/g, ' ');
}

/** Fields that name an array element better than its position does. */
const NAMING_FIELDS = [
  'environment',
  'name',
  'title',
  'system',
  'risk_class',
  'checkpoint',
  'phase',
  'layer',
];
const MAX_NAME = 30;

function elementLabel(index: number, element: Json): string {
  const position = `#${index + 1}`;
  if (!isObject(element)) return position;
  const name = NAMING_FIELDS.map((f) => element[f]).find((v) => typeof v === 'string' && v.trim() !== '');
  return typeof name === 'string' ? `${position} (${excerpt(name, MAX_NAME)})` : position;
}
