/**
 * The shape of a Slack request that Bolt and our listeners rely on before they look any closer. A
 * signed body that lacks it is malformed (HTTP 400), not a crash: Bolt reads `body.ssl_check` of a
 * `null` body, and a listener reads `view.state.values`.
 */
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const CHECKS: Readonly<Record<string, (body: Json) => string | undefined>> = {
  event_callback: (b) => (isObject(b.event) && typeof b.event.type === 'string' ? undefined : 'event'),
  block_actions: (b) =>
    isObject(b.user) && Array.isArray(b.actions) && b.actions.length > 0 && b.actions.every(isObject)
      ? undefined
      : 'user or actions',
  view_submission: (b) => viewProblem(b, true),
  view_closed: (b) => viewProblem(b, false),
};

function viewProblem(body: Json, needsState: boolean): string | undefined {
  if (!isObject(body.user)) return 'user';
  if (!isObject(body.view)) return 'view';
  if (needsState && !(isObject(body.view.state) && isObject(body.view.state.values)))
    return 'view.state.values';
  return undefined;
}

/** What is missing or of the wrong kind, or undefined when the body has the shape its type needs. */
export function malformedPart(body: unknown): string | undefined {
  if (!isObject(body)) return 'the body (not a JSON object)';
  if ('command' in body && typeof body.command !== 'string') return 'command';
  const check = typeof body.type === 'string' ? CHECKS[body.type] : undefined;
  return check?.(body);
}
