export type Args = Record<string, unknown>;

const SHORT_ARG_CHARS = 256;

/** The arguments a lean fake keeps of a call: short strings, numbers and booleans (ids, ts, channel). */
export function shortArgs(args: Args): Args {
  return Object.fromEntries(
    Object.entries(args).filter(
      ([, v]) =>
        typeof v === 'number' ||
        typeof v === 'boolean' ||
        (typeof v === 'string' && v.length <= SHORT_ARG_CHARS),
    ),
  );
}

export interface ParsedRequest {
  args: Args;
  /** Arguments WebClient sent as JSON strings that did not parse back. */
  malformed: string[];
  token: string | undefined;
}

/**
 * WebClient JSON-encodes every non-primitive argument inside the form. These are the ones the bot
 * sends; parsing by name (not by sniffing `{`) keeps a text that happens to look like JSON a string.
 */
export const JSON_ARGS = new Set(['blocks', 'attachments', 'view', 'metadata']);

export function parseRequest(
  contentType: string | undefined,
  rawBody: string,
  authorization: string | undefined,
): ParsedRequest | undefined {
  const fields = bodyFields(contentType ?? '', rawBody);
  if (!fields) return undefined;
  const { token: bodyToken, ...rest } = fields;
  const args: Args = {};
  const malformed: string[] = [];
  for (const [name, value] of Object.entries(rest)) {
    const decoded = JSON_ARGS.has(name) && typeof value === 'string' ? parseJson(value) : { value };
    if (decoded) args[name] = decoded.value;
    else malformed.push(name);
  }
  const headerToken = authorization?.match(/^Bearer\s+(\S+)$/i)?.[1];
  return { args, malformed, token: headerToken ?? (typeof bodyToken === 'string' ? bodyToken : undefined) };
}

/** Form bodies (what WebClient sends) and JSON bodies (what Slack also accepts). */
function bodyFields(contentType: string, rawBody: string): Args | undefined {
  const mediaType = contentType.split(';')[0]?.trim().toLowerCase();
  if (mediaType === 'application/x-www-form-urlencoded')
    return Object.fromEntries(new URLSearchParams(rawBody));
  if (mediaType === 'application/json') {
    const parsed = parseJson(rawBody);
    return parsed && isRecord(parsed.value) ? parsed.value : undefined;
  }
  if (rawBody === '') return {};
  return undefined;
}

function parseJson(text: string): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(text) };
  } catch {
    return undefined;
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function stringArg(args: Args, name: string): string | undefined {
  const value = args[name];
  return typeof value === 'string' ? value : undefined;
}
