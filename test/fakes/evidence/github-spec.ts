import { createRequire } from 'node:module';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * GitHub's official OpenAPI description (the @octokit/openapi devDependency, MIT): the GitHub fake
 * answers with the description's own examples and checks every request and response against it.
 */
const require = createRequire(import.meta.url);
const SPEC_ID = 'https://api.github.com/openapi.json';

interface Operation {
  parameters?: ({ $ref: string } | Parameter)[];
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: { enum?: string[]; type?: string };
}
interface Spec {
  paths: Record<string, Record<string, Operation>>;
  components: { parameters: Record<string, Parameter>; examples: Record<string, { value: unknown }> };
}

let loaded: { spec: Spec; ajv: Ajv } | undefined;

function load(): { spec: Spec; ajv: Ajv } {
  if (loaded) return loaded;
  const spec = require('@octokit/openapi/generated/api.github.com.json') as Spec;
  allowNullInNullableEnums(spec);
  const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: true });
  const addFormats = addFormatsModule as unknown as (a: Ajv) => void;
  addFormats(ajv);
  ajv.addSchema({ ...spec, $id: SPEC_ID }, SPEC_ID);
  loaded = { spec, ajv };
  return loaded;
}

export function githubExample(name: string): unknown {
  return structuredClone(load().spec.components.examples[name]?.value);
}

const validators = new Map<string, ValidateFunction>();

/** Throws unless `body` is a valid 200 answer of the operation at `template` (e.g. "/repos/{owner}/{repo}/…"). */
export function assertGithubResponse(template: string, body: unknown): void {
  const key = `${template} 200`;
  let validate = validators.get(key);
  if (!validate) {
    const pointer = `#/paths/${template.replaceAll('~', '~0').replaceAll('/', '~1')}/get/responses/200/content/application~1json/schema`;
    validate = load().ajv.compile({ $ref: `${SPEC_ID}${pointer}` });
    validators.set(key, validate);
  }
  if (!validate(body))
    throw new Error(
      `fake GitHub answer breaks the description of ${template}: ${JSON.stringify(validate.errors?.slice(0, 3))}`,
    );
}

/** The GET operation whose path template matches `pathname`, or an error naming why the request is not one. */
export function githubOperation(method: string, pathname: string, query: URLSearchParams): string {
  const { spec } = load();
  if (method !== 'GET') throw new Error(`GitHub fake received ${method} ${pathname}: only GET is allowed`);
  const template = Object.keys(spec.paths).find((t) => matches(t, pathname) && spec.paths[t]?.get);
  const op = template ? spec.paths[template]?.get : undefined;
  if (!template || !op)
    throw new Error(`GitHub fake received GET ${pathname}, which the description does not have`);
  const params = (op.parameters ?? []).map((p) =>
    '$ref' in p ? (spec.components.parameters[p.$ref.split('/').at(-1) ?? ''] as Parameter) : p,
  );
  for (const [name, value] of query) {
    const param = params.find((p) => p.in === 'query' && p.name === name);
    if (!param) throw new Error(`GitHub fake: ${template} has no query parameter ${name}`);
    if (param.schema?.enum && !param.schema.enum.includes(value))
      throw new Error(`GitHub fake: ${name}=${value} is not one of ${param.schema.enum.join(', ')}`);
    if (param.schema?.type === 'integer' && !/^\d+$/.test(value))
      throw new Error(`GitHub fake: ${name}=${value} is not an integer`);
  }
  return template;
}

function matches(template: string, pathname: string): boolean {
  const t = template.split('/');
  const p = pathname.split('/');
  return (
    t.length === p.length && t.every((seg, i) => (seg.startsWith('{') ? (p[i] ?? '') !== '' : seg === p[i]))
  );
}

/**
 * OpenAPI 3.0 `nullable: true` on an enum without null (GitHub's check run `conclusion`): null is
 * meant to be allowed, but a JSON Schema validator reads the enum as excluding it. Null joins such enums.
 */
function allowNullInNullableEnums(node: unknown): void {
  if (Array.isArray(node)) {
    for (const item of node) allowNullInNullableEnums(item);
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  if (record.nullable === true && Array.isArray(record.enum) && !record.enum.includes(null))
    record.enum.push(null);
  for (const value of Object.values(record)) allowNullInNullableEnums(value);
}
