import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { perSchema } from '../../src/llm/schema-formats.ts';

describe('perSchema', () => {
  it('converts each schema once per name and hands back the same format after that', () => {
    const made: string[] = [];
    const format = perSchema((schema, name) => {
      made.push(name);
      return { name, keys: Object.keys(schema.shape) };
    });
    const plan = z.object({ a: z.string() });
    const other = z.object({ b: z.string() });
    const first = format(plan, 'plan');
    expect(format(plan, 'plan')).toBe(first);
    expect(format(plan, 'revision')).not.toBe(first);
    expect(format(other, 'plan')).toEqual({ name: 'plan', keys: ['b'] });
    expect(made).toEqual(['plan', 'revision', 'plan']);
  });
});
