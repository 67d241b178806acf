import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { slackBudgetOf } from '../../src/slack/limits.ts';
import { buildCatalog, checkCall, type MethodCatalog, type Violation } from './slack-api/catalog.ts';
import { answer, type Identity } from './slack-api/handlers.ts';
import { MethodBuckets, type MethodLimit, type RateLimit, TokenBuckets } from './slack-api/rate-limit.ts';
import { type Failure, Script } from './slack-api/script.ts';
import { Directory, type FakeMessage, type FakeUser, type FakeView, Workspace } from './slack-api/state.ts';
import { type CallResponse, type RecordedCall, summarizeCalls } from './slack-api/summary.ts';
import { parseRequest, shortArgs, stringArg } from './slack-api/wire.ts';
import { loadWebApiSpec, SPEC_FILES, specsAvailable, specsDir } from './specs.ts';

export type { Violation } from './slack-api/catalog.ts';
export type { MethodLimit, RateLimit } from './slack-api/rate-limit.ts';
export type { Failure } from './slack-api/script.ts';
export type { FakeMessage, FakeUser, FakeView } from './slack-api/state.ts';
export type { CallResponse, RecordedCall } from './slack-api/summary.ts';

export interface FakeSlackOptions {
  botUserId?: string;
  botId?: string;
  teamId?: string;
  /** Where Slack's specs live (default: specsDir()); absent specs turn validation off. */
  specsDir?: string;
  rateLimit?: RateLimit;
  /**
   * Slack's per-method, per-workspace limits: `true` for Slack's table (src/slack/limits.ts:
   * tier → requests per minute, a burst of a tenth), or another table. Off by default.
   */
  methodLimits?: true | ((method: string) => MethodLimit | undefined);
  /** Clock for timestamps and rate-limit refill, so tests need not sleep. */
  now?: () => number;
}

/** A POST the bot made to a slash command's or action's response_url. */
export interface RecordedResponse {
  path: string;
  body: unknown;
  at: number;
}

interface Reply {
  status: number;
  body: Record<string, unknown>;
  headers?: Record<string, string>;
}

const POLL_MS = 20;

/** A Slack Web API on 127.0.0.1 that checks every call against Slack's OpenAPI description. */
export class FakeSlack {
  /** 'on (…)' or 'skipped (no specs at …)'. */
  readonly validation: string;
  readonly calls: RecordedCall[] = [];
  readonly violations: Violation[] = [];
  readonly responses: RecordedResponse[] = [];
  rateLimited = 0;
  /** 429s answered, by method (per-channel and per-method limits alike). */
  readonly rateLimitedBy = new Map<string, number>();
  /** Set by a fake Socket Mode server (test/fakes/socket-mode.ts): what apps.connections.open hands out. */
  socketModeUrl: (() => string) | undefined;

  private readonly server: Server;
  private readonly catalog: MethodCatalog | undefined;
  private readonly identity: Identity;
  private readonly now: () => number;
  private readonly workspace = new Workspace();
  private readonly directory = new Directory();
  private readonly failures = new Script<Failure>();
  private readonly stalls = new Script<number>();
  private readonly buckets: TokenBuckets | undefined;
  private readonly methodBuckets: MethodBuckets | undefined;
  private readonly listeners = new Set<() => void>();
  private readonly pendingStalls = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();

  private port = 0;

  constructor(options: FakeSlackOptions = {}) {
    this.server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent)
          send(res, { status: 500, body: { ok: false, error: `fake_crashed: ${String(err)}` } });
      });
    });
    this.identity = {
      botUserId: options.botUserId ?? 'UBOT',
      botId: options.botId ?? 'BBOT',
      teamId: options.teamId ?? 'T1',
    };
    this.now = options.now ?? Date.now;
    this.buckets = options.rateLimit && new TokenBuckets(options.rateLimit);
    const limits = options.methodLimits === true ? slackBudgetOf : options.methodLimits;
    this.methodBuckets = limits && new MethodBuckets(limits);
    const dir = options.specsDir ?? specsDir();
    this.catalog = specsAvailable(dir, ['webApi']) ? buildCatalog(loadWebApiSpec(dir)) : undefined;
    this.validation = this.catalog
      ? `on (${this.catalog.size} methods from ${SPEC_FILES.webApi})`
      : `skipped (no specs at ${dir})`;
  }

  /** What Bolt's clientOptions.slackApiUrl and WebClient's slackApiUrl take. */
  get url(): string {
    return `http://127.0.0.1:${this.port}/api/`;
  }

  /** Give this to SlackTestClient as responseUrlBase: response_url POSTs land in `responses`. */
  get responseUrlBase(): string {
    return `http://127.0.0.1:${this.port}/response/`;
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(0, '127.0.0.1', resolve);
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  callsTo(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  message(channel: string, ts: string): Readonly<FakeMessage> | undefined {
    return this.workspace.findMessage(channel, ts);
  }

  /** Replies under threadTs, in post order (the root itself excluded). */
  thread(channel: string, threadTs: string): Readonly<FakeMessage>[] {
    return this.workspace.messages.filter(
      (m) => m.channel === channel && m.thread_ts === threadTs && m.ts !== threadTs,
    );
  }

  rootMessages(channel: string): Readonly<FakeMessage>[] {
    return this.workspace.messages.filter((m) => m.channel === channel && m.thread_ts === undefined);
  }

  view(viewId: string): Readonly<FakeView> | undefined {
    return this.workspace.views.get(viewId);
  }

  /** Every view opened so far, in order. */
  views(): Readonly<FakeView>[] {
    return [...this.workspace.views.values()];
  }

  /** The Home tab last published for `userId`. */
  home(userId: string): { blocks: unknown[] } | undefined {
    return this.workspace.homes.get(userId) as { blocks: unknown[] } | undefined;
  }

  /**
   * A fake serving load (benchmarks): each answered call keeps only its short arguments
   * (shortArgs) and each view opened only its id and hash. Keeping every 10 KB modal grew the fake's
   * heap by ~8 MB a second at 1,000 commands/s, and its scavenges (~30 ms each, every half second)
   * held its answers back and handed them to the app in bursts.
   */
  get lean(): boolean {
    return this.workspace.lean;
  }

  set lean(on: boolean) {
    this.workspace.lean = on;
  }

  lastView(): Readonly<FakeView> | undefined {
    return [...this.workspace.views.values()].at(-1);
  }

  setUsergroup(usergroupId: string, userIds: string[]): void {
    this.directory.usergroups.set(usergroupId, [...userIds]);
  }

  setUser(user: Partial<FakeUser> & { id: string }): void {
    this.directory.users.set(user.id, { ...this.directory.user(user.id), ...user });
  }

  /**
   * The next `times` calls to `method` fail this way (after argument validation); with `after`,
   * only once that many calls have been answered normally (e.g. the app's auth.test, not Bolt's).
   */
  failNext(method: string, failure: Failure, times = 1, after = 0): void {
    this.failures.add(method, failure, times, after);
  }

  /** Slack recovers: scripted failures not yet used are dropped. */
  clearFailures(): void {
    this.failures.clear();
  }

  /** The next `times` calls to `method` are answered `ms` later. */
  stallNext(method: string, ms: number, times = 1): void {
    this.stalls.add(method, ms, times);
  }

  /** Resolves once predicate(fake) holds; rejects after timeoutMs naming `what` and the calls so far. */
  waitFor(predicate: (fake: FakeSlack) => boolean, timeoutMs = 5000, what = 'a condition'): Promise<void> {
    return new Promise((resolve, reject) => {
      const stop = () => {
        clearTimeout(deadline);
        clearInterval(poll);
        this.listeners.delete(check);
      };
      const check = () => {
        try {
          if (!predicate(this)) return;
          stop();
          resolve();
        } catch (err) {
          stop();
          reject(err);
        }
      };
      const deadline = setTimeout(() => {
        stop();
        reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.\n${this.summary()}`));
      }, timeoutMs);
      // Polling as well as notifying: predicates may depend on things other than calls (time, stores).
      const poll = setInterval(check, POLL_MS);
      this.listeners.add(check);
      check();
    });
  }

  summary(): string {
    return summarizeCalls(this.calls, this.violations);
  }

  /** Forgets traffic, messages, views, scripts and rate-limit buckets; keeps users and user groups. */
  reset(): void {
    this.calls.length = 0;
    this.violations.length = 0;
    this.responses.length = 0;
    this.rateLimited = 0;
    this.rateLimitedBy.clear();
    this.workspace.clear();
    this.failures.clear();
    this.stalls.clear();
    this.buckets?.clear();
    this.methodBuckets?.clear();
  }

  async close(): Promise<void> {
    for (const stall of this.pendingStalls) {
      clearTimeout(stall.timer);
      stall.resolve();
    }
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.server.closeAllConnections();
    await closed;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const rawBody = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    if (req.method === 'POST' && path.startsWith('/response/')) {
      this.recordResponse(path, rawBody);
      return send(res, { status: 200, body: { ok: true } });
    }
    const method = path.match(/^\/api\/([A-Za-z0-9_.]+)$/)?.[1];
    if (req.method !== 'POST' || !method)
      return send(res, { status: 404, body: { ok: false, error: 'not_found' } });
    const reply = await this.serveApiCall(method, req, rawBody);
    send(res, reply);
  }

  private async serveApiCall(method: string, req: IncomingMessage, rawBody: string): Promise<Reply> {
    const parsed = parseRequest(req.headers['content-type'], rawBody, req.headers.authorization);
    const call: RecordedCall = {
      method,
      args: parsed?.args ?? {},
      at: this.now(),
      bytes: Buffer.byteLength(rawBody),
      token: parsed?.token,
    };
    this.calls.push(call);
    this.notify();
    const stall = this.stalls.take(method);
    if (stall !== undefined) await this.sleep(stall);
    const reply = this.decide(method, call, parsed?.malformed);
    call.response = responseOf(reply);
    if (this.lean) call.args = shortArgs(call.args);
    this.notify();
    return reply;
  }

  private decide(method: string, call: RecordedCall, malformed: string[] | undefined): Reply {
    const violation = this.violationOf(method, call, malformed);
    if (violation) {
      this.violations.push(violation);
      return ok200({ ok: false, error: violation.error });
    }
    if (!call.token) return ok200({ ok: false, error: 'not_authed' });
    const failure = this.failures.take(method);
    if (failure) return failureReply(failure);
    const wait = this.rateLimitWait(method, call);
    if (wait > 0) {
      this.rateLimited += 1;
      this.rateLimitedBy.set(method, (this.rateLimitedBy.get(method) ?? 0) + 1);
      return rateLimitedReply(wait);
    }
    return ok200(
      answer(method, call.args, {
        workspace: this.workspace,
        directory: this.directory,
        identity: this.identity,
        token: call.token,
        socketModeUrl: this.socketModeUrl,
      }),
    );
  }

  private violationOf(
    method: string,
    call: RecordedCall,
    malformed: string[] | undefined,
  ): Violation | undefined {
    if (!malformed)
      return { method, error: 'invalid_arguments', detail: 'body is neither form-encoded nor JSON' };
    if (malformed.length > 0) {
      return { method, error: 'invalid_arguments', detail: `${malformed.join(', ')} is not valid JSON` };
    }
    return this.catalog && checkCall(this.catalog, method, Object.keys(call.args));
  }

  private rateLimitWait(method: string, call: RecordedCall): number {
    const perMethod = this.methodBuckets?.take(method, this.now()) ?? 0;
    if (perMethod > 0 || !this.buckets || method !== 'chat.postMessage') return perMethod;
    return this.buckets.take(stringArg(call.args, 'channel') ?? '', this.now());
  }

  private recordResponse(path: string, rawBody: string): void {
    let body: unknown = rawBody;
    try {
      body = JSON.parse(rawBody);
    } catch {
      // Kept as text: the test can see what was sent.
    }
    this.responses.push({ path, body, at: this.now() });
    this.notify();
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const stall = {
        timer: setTimeout(() => {
          this.pendingStalls.delete(stall);
          resolve();
        }, ms),
        resolve,
      };
      this.pendingStalls.add(stall);
    });
  }

  private notify(): void {
    for (const listener of [...this.listeners]) listener();
  }
}

function ok200(body: Record<string, unknown>): Reply {
  return { status: 200, body };
}

function failureReply(failure: Failure): Reply {
  if ('error' in failure) return ok200({ ok: false, error: failure.error });
  if (failure.status === 429) return rateLimitedReply(failure.retryAfterSec);
  return { status: 500, body: { ok: false, error: 'internal_error' } };
}

function rateLimitedReply(retryAfterSec: number): Reply {
  return {
    status: 429,
    body: { ok: false, error: 'ratelimited' },
    headers: { 'Retry-After': String(retryAfterSec) },
  };
}

function responseOf(reply: Reply): CallResponse {
  const ok = reply.status === 200 && reply.body.ok === true;
  const error = typeof reply.body.error === 'string' ? reply.body.error : undefined;
  return { status: reply.status, ok, ...(error && !ok ? { error } : {}) };
}

function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8', ...reply.headers });
  res.end(JSON.stringify(reply.body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Starts the fake on an ephemeral port of 127.0.0.1. */
export function startFakeSlack(options: FakeSlackOptions = {}): Promise<FakeSlack> {
  return new FakeSlack(options).listen();
}
