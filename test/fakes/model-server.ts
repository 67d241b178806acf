import { randomUUID } from 'node:crypto';
import http, { type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { anthropicDialect } from './model-server/anthropic.ts';
import { chatDialect } from './model-server/openai-chat.ts';
import { responsesDialect } from './model-server/openai-responses.ts';
import { chunkText, DEFAULT_CHUNK_CHARS, type FakeStep, streamedText } from './model-server/steps.ts';
import { type Dialect, type FakeUsage, formatSse, type SseEvent, tokensFor } from './model-server/wire.ts';
import { samplePlan } from './plan-fixture.ts';

export type { FakeStep } from './model-server/steps.ts';
export type { FakeUsage } from './model-server/wire.ts';

export const FAKE_PATHS = ['/v1/responses', '/v1/chat/completions', '/v1/messages'] as const;
export type FakePath = (typeof FAKE_PATHS)[number];

const DIALECTS: Record<FakePath, (body: Record<string, unknown>) => Dialect> = {
  '/v1/responses': responsesDialect,
  '/v1/chat/completions': chatDialect,
  '/v1/messages': anthropicDialect,
};

export interface FakeModelsOptions {
  /** Streams at this pace (about four characters a token) unless a step sets delayMs. */
  tokensPerSecond?: number;
  /** Reported as cached (OpenAI cached_tokens, Anthropic cache_read_input_tokens). */
  cachedInputTokens?: number;
  /** Reported as Anthropic cache_creation_input_tokens. */
  cacheCreationInputTokens?: number;
}

export interface RecordedRequest {
  path: string;
  headers: IncomingHttpHeaders;
  /** The parsed JSON body. */
  body: Record<string, unknown>;
  /** How the fake answered. */
  step: FakeStep['kind'];
  /** Progress of the answer: text characters streamed so far, and whether its final events were sent. */
  charsSent: number;
  done: boolean;
  /** What the fake reports in the final events (outputTokens once the answer is complete). */
  usage: FakeUsage;
}

export interface FakeModels {
  /** For the OpenAI SDK: includes /v1. */
  openaiBaseURL: string;
  /** For the Anthropic SDK: without /v1 (the SDK adds /v1/messages). */
  anthropicBaseURL: string;
  /** Every request, in arrival order, retries included. */
  readonly requests: RecordedRequest[];
  /** Queues steps for one path, or (without a path) for whichever request comes next. */
  script(path: FakePath, ...steps: FakeStep[]): void;
  script(...steps: FakeStep[]): void;
  /** The answer when no step is queued (initially a json step with samplePlan(); no findings for a review). */
  setDefault(step: FakeStep): void;
  configure(options: FakeModelsOptions): void;
  /** Forgets queued steps and recorded requests. */
  clear(): void;
  /** Stops the server, ending stalled responses too. */
  close(): Promise<void>;
}

/** One real HTTP server speaking the OpenAI Responses, OpenAI Chat and Anthropic Messages SSE formats. */
export async function startFakeModels(initial: FakeModelsOptions = {}): Promise<FakeModels> {
  let options = { ...initial };
  let defaultStep: FakeStep = { kind: 'json', value: samplePlan() };
  const queues = new Map<FakePath | 'any', FakeStep[]>();
  const requests: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const nextStep = (path: FakePath, body: Record<string, unknown>): FakeStep =>
    queues.get(path)?.shift() ??
    queues.get('any')?.shift() ??
    (isReviewRequest(body) ? NO_FINDINGS : defaultStep);

  const server = http.createServer((req, res) => {
    open.add(res);
    res.on('close', () => open.delete(res));
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
      else res.destroy();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '').split('?')[0] ?? '';
    const raw = await readBody(req);
    if (req.method !== 'POST' || !isFakePath(path)) {
      sendJson(res, 404, {
        error: { message: `The fake model server does not serve ${req.method} ${path}` },
      });
      return;
    }
    const body = parseObject(raw);
    if (body?.stream !== true) {
      sendJson(res, 400, {
        error: { message: 'The fake model server expects a JSON body with stream: true' },
      });
      return;
    }
    const step = nextStep(path, body);
    const record: RecordedRequest = {
      path,
      headers: req.headers,
      body,
      step: step.kind,
      charsSent: 0,
      done: false,
      usage: promptUsage(raw.length, options),
    };
    requests.push(record);
    await answer(res, DIALECTS[path](body), step, record);
  }

  async function answer(
    res: ServerResponse,
    dialect: Dialect,
    step: FakeStep,
    record: RecordedRequest,
  ): Promise<void> {
    const { usage } = record;
    if (step.kind === 'reset') {
      res.socket?.destroy();
      return;
    }
    if (step.kind === 'http_error') {
      const headers: Record<string, string> =
        step.retryAfterMs === undefined ? {} : { 'retry-after-ms': String(step.retryAfterMs) };
      const message = step.message ?? `Fake ${step.status} error`;
      sendJson(res, step.status, dialect.errorBody(step.status, message), headers);
      record.done = true;
      return;
    }
    startSse(res);
    send(res, dialect.opening(usage));
    if (step.kind === 'refusal') {
      record.usage = { ...usage, outputTokens: tokensFor(step.text.length) };
      send(res, dialect.refusal(step.text, record.usage));
      finish(res, record);
      return;
    }
    const { text, end } = streamedText(step);
    send(res, dialect.textStart());
    for (const chunk of chunkText(text, step.chunkChars ?? DEFAULT_CHUNK_CHARS)) {
      if (res.destroyed) return;
      send(res, dialect.textDelta(chunk));
      record.charsSent += chunk.length;
      await pause(step.delayMs ?? paceFor(chunk.length, options.tokensPerSecond));
    }
    // A connection reset in the middle of the stream: no closing events, the socket just goes.
    if (end === 'cut') {
      // After what was sent has been flushed: destroy() alone would drop unsent chunks too.
      await new Promise<void>((resolve) => res.write('', () => resolve()));
      await pause(20);
      res.socket?.destroy();
      return;
    }
    // A server that closes the response cleanly but early: no closing events, no [DONE].
    if (end === 'ended') {
      res.end();
      return;
    }
    // A stalled stream stays open until the client gives up (or close() ends it).
    if (end === 'stall' || res.destroyed) return;
    record.usage = { ...usage, outputTokens: tokensFor(text.length) };
    send(res, dialect.textEnd(text, end, record.usage));
    finish(res, record);
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;

  const fake: FakeModels = {
    openaiBaseURL: `${origin}/v1`,
    anthropicBaseURL: origin,
    requests,
    script(...args: (FakePath | FakeStep)[]) {
      const [first] = args;
      const key = typeof first === 'string' ? first : 'any';
      const steps = args.filter((arg): arg is FakeStep => typeof arg !== 'string');
      queues.set(key, [...(queues.get(key) ?? []), ...steps]);
    },
    setDefault(step) {
      defaultStep = step;
    },
    configure(next) {
      options = { ...options, ...next };
    },
    clear() {
      queues.clear();
      requests.length = 0;
    },
    async close() {
      for (const res of open) res.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  return fake;
}

/** A second model's review of gating rules, unscripted, finds nothing. */
const NO_FINDINGS: FakeStep = { kind: 'json', value: { findings: [] } };

/** Whether a request asks for a review of gating rules (its system prompt says so). */
export function isReviewRequest(body: Record<string, unknown>): boolean {
  return JSON.stringify(body).includes('careful second reader');
}

function isFakePath(path: string): path is FakePath {
  return (FAKE_PATHS as readonly string[]).includes(path);
}

function promptUsage(bodyChars: number, options: FakeModelsOptions): FakeUsage {
  const inputTokens = tokensFor(bodyChars);
  const cachedInputTokens = Math.min(options.cachedInputTokens ?? 0, inputTokens);
  const cacheCreationInputTokens = Math.min(
    options.cacheCreationInputTokens ?? 0,
    inputTokens - cachedInputTokens,
  );
  return { inputTokens, cachedInputTokens, cacheCreationInputTokens, outputTokens: 0 };
}

function paceFor(chars: number, tokensPerSecond: number | undefined): number {
  return tokensPerSecond ? (chars / 4 / tokensPerSecond) * 1000 : 0;
}

async function pause(ms: number): Promise<void> {
  if (ms > 0) await sleep(ms);
}

function startSse(res: ServerResponse): void {
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache',
    'x-request-id': `req_${randomUUID()}`,
    'request-id': `req_${randomUUID()}`,
  });
  res.flushHeaders();
}

function send(res: ServerResponse, events: SseEvent[]): void {
  if (events.length > 0 && !res.destroyed) res.write(events.map(formatSse).join(''));
}

function finish(res: ServerResponse, record: RecordedRequest): void {
  record.done = true;
  res.end();
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function parseObject(raw: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
