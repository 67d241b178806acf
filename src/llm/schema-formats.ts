import type { z } from 'zod';

/**
 * Memoizes a schema → wire format conversion per zod schema and name. The providers' zod helpers
 * convert the whole plan schema to JSON Schema on every call, about 15% of what a streaming plan
 * allocated (issue 14); the result is only serialized, never changed, so one per schema serves all.
 * Schemas made per call (a one-section repair) simply miss and are collected with their entry.
 */
export function perSchema<F>(make: (schema: z.ZodObject, name: string) => F) {
  const made = new WeakMap<z.ZodObject, Map<string, F>>();
  return (schema: z.ZodObject, name: string): F => {
    let byName = made.get(schema);
    if (!byName) {
      byName = new Map();
      made.set(schema, byName);
    }
    let format = byName.get(name);
    if (format === undefined) {
      format = make(schema, name);
      byName.set(name, format);
    }
    return format;
  };
}
