/** What a model request asks for, read from its JSON body (OpenAI Responses or Chat, Anthropic Messages). */

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function textsOf(content: unknown): string[] {
  if (typeof content === 'string') return [content];
  if (!Array.isArray(content)) return [];
  return content.flatMap((part) => (isObject(part) && typeof part.text === 'string' ? [part.text] : []));
}

/** The prompt in the order a provider's prefix cache sees it: system text first, then each message. */
export function promptText(body: Json): string {
  const system = [...textsOf(body.instructions), ...textsOf(body.system)];
  const turns = [body.input, body.messages].flatMap((list) =>
    Array.isArray(list)
      ? list.flatMap((turn) => (isObject(turn) ? textsOf(turn.content) : []))
      : textsOf(list),
  );
  return [...system, ...turns].join('\n');
}

export function maxOutputTokens(body: Json): number {
  const value = body.max_output_tokens ?? body.max_completion_tokens ?? body.max_tokens;
  return typeof value === 'number' ? value : Number.NaN;
}

/** The first JSON schema in the body (text.format, response_format.json_schema, output_config.format). */
export function schemaOf(body: unknown): Json | undefined {
  if (Array.isArray(body)) return body.map(schemaOf).find((s) => s !== undefined);
  if (!isObject(body)) return undefined;
  if (isObject(body.schema)) return body.schema;
  return Object.values(body)
    .map(schemaOf)
    .find((s) => s !== undefined);
}

/** The top-level values the model is asked to write. */
export function requestedKeys(body: Json): string[] {
  const properties = schemaOf(body)?.properties;
  return isObject(properties) ? Object.keys(properties) : [];
}

/**
 * What a provider's prefix cache compares, in its order: the output schema (OpenAI: "a prefix to
 * the system message"), then the prompt.
 */
export function cacheableText(body: Json): string {
  return `${JSON.stringify(schemaOf(body) ?? null)}\n${promptText(body)}`;
}

/** Share of `next` that repeats `previous` from its first character. */
export function sharedPrefixShare(previous: string, next: string): number {
  return next.length === 0 ? Number.NaN : commonPrefixLength(previous, next) / next.length;
}

export function commonPrefixLength(a: string, b: string): number {
  const limit = Math.min(a.length, b.length);
  let i = 0;
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
