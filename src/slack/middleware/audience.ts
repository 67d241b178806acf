import type { AnyMiddlewareArgs, Context, Middleware } from '@slack/bolt';
import type { Logger } from 'pino';

/** Which app and which workspaces the bot acts for. */
export interface Audience {
  /** SLACK_APP_ID: a request for another app is refused. Unset: not checked. */
  readonly appId: string | undefined;
  /** Team (T…) and enterprise (E…) ids acted on; undefined while not yet learned (all refused). */
  teams(): ReadonlySet<string> | undefined;
  /** Learns the bot token's own team (and enterprise) from auth.test, unless SLACK_TEAM_IDS is set. */
  learn(authTest: { team_id?: unknown; enterprise_id?: unknown }): void;
}

export function createAudience(settings: {
  appId: string | undefined;
  teamIds: string[] | undefined;
}): Audience {
  let teams: ReadonlySet<string> | undefined = settings.teamIds && new Set(settings.teamIds);
  const configured = settings.teamIds !== undefined;
  return {
    appId: settings.appId,
    teams: () => teams,
    learn(authTest) {
      if (configured) return;
      const ids = [authTest.team_id, authTest.enterprise_id].filter(
        (id): id is string => typeof id === 'string' && id !== '',
      );
      if (ids.length > 0) teams = new Set(ids);
    },
  };
}

interface RequestIds {
  teamId: string | undefined;
  enterpriseId: string | undefined;
  appId: string | undefined;
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function idOf(value: unknown): string | undefined {
  return typeof value === 'object' && value !== null && 'id' in value ? text(value.id) : undefined;
}

/** The team, enterprise and app a request is for, wherever its kind of payload carries them. */
export function requestIds(body: unknown, context: Pick<Context, 'teamId' | 'enterpriseId'>): RequestIds {
  const b = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  const view = b.view as { app_id?: unknown } | undefined;
  return {
    teamId: text(context.teamId) ?? text(b.team_id) ?? idOf(b.team),
    enterpriseId: text(context.enterpriseId) ?? text(b.enterprise_id) ?? idOf(b.enterprise),
    appId: text(b.api_app_id) ?? text(view?.app_id),
  };
}

/** Why a request is not for this bot, or undefined when it is. */
export function refusal(ids: RequestIds, audience: Audience): string | undefined {
  if (audience.appId !== undefined && ids.appId !== audience.appId) return 'another app';
  const teams = audience.teams();
  if (!teams) return 'own team not known yet (auth.test has not succeeded)';
  const listed = [ids.teamId, ids.enterpriseId].some((id) => id !== undefined && teams.has(id));
  return listed ? undefined : 'another workspace';
}

/**
 * A global middleware, first in the chain: a request for another app or workspace is acknowledged
 * (so Slack does not retry it) and dropped, with one warning naming its ids.
 */
export function refuseForeignRequests(audience: Audience, logger: Logger): Middleware<AnyMiddlewareArgs> {
  return async (args) => {
    const ids = requestIds(args.body, args.context);
    const why = refusal(ids, audience);
    if (!why) return args.next();
    logger.warn({ ...ids, why }, 'request for another app or workspace refused');
    if ('ack' in args && typeof args.ack === 'function') await (args.ack as () => Promise<void>)();
  };
}
