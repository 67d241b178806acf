/** JSON paths and a shape-preserving walk over every string of a JSON value. */
export type JsonPath = readonly string[];

/** ['rules', '1', 'criteria', '0'] with root 'gating' → 'gating.rules[1].criteria[0]'. */
export function formatPath(path: JsonPath, root = ''): string {
  let out = root;
  for (const part of path) {
    if (/^\d+$/.test(part)) out += `[${part}]`;
    else out += out === '' ? part : `.${part}`;
  }
  return out;
}

/** Returns a copy of `value` with every string replaced by `fn(string, path)`; other leaves are kept. */
export function mapStrings<T>(
  value: T,
  fn: (text: string, path: JsonPath) => string,
  path: JsonPath = [],
): T {
  if (typeof value === 'string') return fn(value, path) as T;
  if (Array.isArray(value)) return value.map((item, i) => mapStrings(item, fn, [...path, String(i)])) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = mapStrings(item, fn, [...path, key]);
    return out as T;
  }
  return value;
}

export function collectStrings(value: unknown): { text: string; path: JsonPath }[] {
  const found: { text: string; path: JsonPath }[] = [];
  mapStrings(value, (text, path) => {
    found.push({ text, path });
    return text;
  });
  return found;
}

/** The value at `path`, or undefined. */
export function valueAt(root: unknown, path: JsonPath): unknown {
  let node: unknown = root;
  for (const part of path) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return node;
}
