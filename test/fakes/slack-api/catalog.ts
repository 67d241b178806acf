import type { WebApiSpec } from '../specs.ts';

export interface MethodSignature {
  args: ReadonlySet<string>;
  required: ReadonlySet<string>;
}
export type MethodCatalog = ReadonlyMap<string, MethodSignature>;

export interface Violation {
  method: string;
  error: 'unknown_method' | 'invalid_arguments';
  detail: string;
}

/**
 * What the 2020 OpenAPI description lacks but the bot's SDKs legitimately send. Each entry names why;
 * add one only when a real client is seen sending it, never to silence a bot bug.
 */
export const EXTRA_METHODS: Readonly<Record<string, string>> = {
  'apps.connections.open':
    'Socket Mode (@slack/socket-mode) opens its WebSocket through it; newer than the spec',
};
export const EXTRA_ARGS_ANY_METHOD: Readonly<Record<string, string>> = {
  team_id:
    'Bolt copies the team of each incoming request into clientOptions.teamId, and WebClient then adds team_id to every call',
};
export const EXTRA_ARGS: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'chat.postMessage': { metadata: 'message metadata (2022), newer than the spec' },
  'chat.update': { metadata: 'message metadata (2022), newer than the spec' },
  'conversations.replies': {
    include_all_metadata: 'returns message metadata (2022) with each message; newer than the spec',
  },
};

/** token travels in the Authorization header or the body; the spec lists it per method. */
const TOKEN = 'token';

export function buildCatalog(spec: WebApiSpec): MethodCatalog {
  const catalog = new Map<string, MethodSignature>();
  for (const [pathName, operations] of Object.entries(spec.paths)) {
    const method = pathName.replace(/^\//, '');
    // views.open/update/push are described under `get` but POSTed like every other call: verbs are ignored.
    const parameters = Object.values(operations).flatMap((op) => op.parameters ?? []);
    const args = new Set([...parameters.map((p) => p.name), ...Object.keys(EXTRA_ARGS[method] ?? {})]);
    const required = new Set(parameters.filter((p) => p.required && p.name !== TOKEN).map((p) => p.name));
    catalog.set(method, { args, required });
  }
  for (const method of Object.keys(EXTRA_METHODS))
    catalog.set(method, { args: new Set(), required: new Set() });
  return catalog;
}

/** The first reason real Slack would reject this call's shape, if any. */
export function checkCall(catalog: MethodCatalog, method: string, argNames: string[]): Violation | undefined {
  const signature = catalog.get(method);
  if (!signature)
    return { method, error: 'unknown_method', detail: `${method} is not a Slack Web API method` };
  const unknown = argNames.filter((name) => !isKnownArg(signature, name));
  if (unknown.length > 0) {
    return { method, error: 'invalid_arguments', detail: `unknown argument(s) ${unknown.join(', ')}` };
  }
  const missing = [...signature.required].filter((name) => !argNames.includes(name));
  if (missing.length > 0) {
    return {
      method,
      error: 'invalid_arguments',
      detail: `missing required argument(s) ${missing.join(', ')}`,
    };
  }
  return undefined;
}

function isKnownArg(signature: MethodSignature, name: string): boolean {
  return name === TOKEN || signature.args.has(name) || name in EXTRA_ARGS_ANY_METHOD;
}
