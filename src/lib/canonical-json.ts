import { createHash } from 'node:crypto';

/**
 * JSON with object keys sorted (by UTF-16 code unit, as RFC 8785) at every depth, so equal values
 * hash equally whatever order their keys were written in. Hand-rolled because JS objects always
 * enumerate integer-like keys first, which a JSON.stringify replacer cannot reorder.
 */
export function canonicalJson(value: unknown): string {
  const text = serialize(value, []);
  if (text === undefined) throw new TypeError('value has no JSON representation');
  return text;
}

function serialize(input: unknown, ancestors: object[]): string | undefined {
  const value = withToJson(input);
  // Primitives: JSON.stringify already yields the canonical form (and undefined for functions/symbols).
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (ancestors.includes(value)) throw new TypeError('cannot serialize a circular structure');
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    return `[${value.map((item: unknown) => serialize(item, inside) ?? 'null').join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .flatMap((key) => {
      const member = serialize(record[key], inside);
      return member === undefined ? [] : [`${JSON.stringify(key)}:${member}`];
    });
  return `{${members.join(',')}}`;
}

function withToJson(value: unknown): unknown {
  if (
    value !== null &&
    typeof value === 'object' &&
    'toJSON' in value &&
    typeof value.toJSON === 'function'
  ) {
    return value.toJSON();
  }
  return value;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}
