/**
 * A Socket Mode server on 127.0.0.1, speaking what @slack/socket-mode expects: the fake Slack's
 * `apps.connections.open` hands out a single-use ticket URL; a connection with a valid ticket gets
 * `hello`; envelopes `{ envelope_id, type, payload, accepts_response_payload }` go down it; the app's
 * acks `{ envelope_id, payload }` come back and are recorded.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { type RawData, type WebSocket, WebSocketServer } from 'ws';
import type { FakeSlack } from './slack-api.ts';

export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

export interface SentEnvelope {
  envelope_id: string;
  type: EnvelopeType;
  payload: object;
  accepts_response_payload: boolean;
  /** Which connection (1, 2, … in order of opening) carried it, and when. */
  connection: number;
  sentAt: number;
}

export interface RecordedAck {
  envelope_id: string;
  /** What the app answered with; Bolt sends `{}` for a plain ack(). */
  payload: Record<string, unknown> | undefined;
  connection: number;
  at: number;
}

/** A connection that ended: who started the close handshake, and the code the app sent or echoed. */
export interface ClosedConnection {
  connection: number;
  code: number;
  initiatedBy: 'app' | 'server';
}

/** The app sent something that is not an ack of an envelope sent on that connection. */
export interface StrayMessage {
  connection: number;
  text: string;
}

const APP_ID = 'A0FAKEAPP';
const POLL_MS = 10;
/** How long close() lets a client answer the close handshake before cutting it off. */
const CLOSE_GRACE_MS = 1_000;

/** Slack sets accepts_response_payload where an ack may carry an answer (commands, submissions). */
function acceptsResponse(type: EnvelopeType, payload: object): boolean {
  if (type === 'slash_commands') return true;
  if (type === 'interactive') return (payload as { type?: unknown }).type === 'view_submission';
  return false;
}

export class FakeSocketMode {
  readonly envelopes: SentEnvelope[] = [];
  readonly acks: RecordedAck[] = [];
  readonly strays: StrayMessage[] = [];
  readonly closed: ClosedConnection[] = [];
  /** Upgrades refused: no ticket, an unknown one, or one already used. */
  refused = 0;

  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly open = new Map<number, WebSocket>();
  private readonly closing = new Set<number>();
  private opened = 0;
  private port = 0;

  constructor() {
    this.http = createServer((_req, res) => res.writeHead(426).end());
    this.http.on('upgrade', (req, socket, head) => this.upgrade(req, socket as Socket, head));
  }

  async listen(): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(0, '127.0.0.1', resolve);
    });
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  /** From now on the fake Slack's apps.connections.open hands out this server's URLs. */
  attachTo(slack: FakeSlack): void {
    slack.socketModeUrl = () => this.issueUrl();
  }

  /** A new single-use URL, as apps.connections.open returns. */
  issueUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    return `ws://127.0.0.1:${this.port}/link/?ticket=${ticket}&app_id=${APP_ID}`;
  }

  /** Connections that are open now (greeted with hello), by number. */
  get connections(): number[] {
    return [...this.open.keys()];
  }

  /** How many connections were ever opened. */
  get connectionsOpened(): number {
    return this.opened;
  }

  /** Sends an envelope down the newest open connection; returns its envelope_id. */
  send(type: EnvelopeType, payload: object): string {
    const [connection, ws] = [...this.open.entries()].at(-1) ?? [];
    if (connection === undefined || !ws) throw new Error('no Socket Mode connection is open');
    const envelope: SentEnvelope = {
      envelope_id: randomUUID(),
      type,
      payload,
      accepts_response_payload: acceptsResponse(type, payload),
      connection,
      sentAt: Date.now(),
    };
    this.envelopes.push(envelope);
    const { connection: _c, sentAt: _s, ...wire } = envelope;
    const retry = type === 'events_api' ? { retry_attempt: 0, retry_reason: '' } : {};
    ws.send(JSON.stringify({ ...wire, ...retry }));
    return envelope.envelope_id;
  }

  command(fields: Record<string, string>): string {
    return this.send('slash_commands', fields);
  }

  interactive(payload: object): string {
    return this.send('interactive', payload);
  }

  event(callback: object): string {
    return this.send('events_api', callback);
  }

  acksOf(envelopeId: string): RecordedAck[] {
    return this.acks.filter((a) => a.envelope_id === envelopeId);
  }

  /** The first ack of the envelope; rejects when none came within timeoutMs (Slack allows 3 s). */
  waitForAck(envelopeId: string, timeoutMs = 3_000): Promise<RecordedAck> {
    return this.until(() => this.acksOf(envelopeId)[0], timeoutMs, `the ack of envelope ${envelopeId}`);
  }

  /** Resolves once a connection has been greeted since `after` connections were opened. */
  waitForConnection(after = 0, timeoutMs = 5_000): Promise<number> {
    return this.until(
      () => this.connections.find((n) => n > after),
      timeoutMs,
      `a Socket Mode connection after #${after}`,
    );
  }

  /** Resolves once no connection is open. */
  waitForNoConnection(timeoutMs = 2_000): Promise<true> {
    return this.until(() => this.open.size === 0 || undefined, timeoutMs, 'every connection to close');
  }

  /** Asks every open connection to reconnect, as Slack does before recycling a server. */
  requestReconnect(reason = 'refresh_requested'): void {
    for (const ws of this.open.values()) {
      // The app answers by closing the connection itself, then opens a new one.
      ws.send(JSON.stringify({ type: 'disconnect', reason, debug_info: { host: 'fake-applink' } }));
    }
  }

  /** Closes every connection (a close handshake, cut off after a grace period) and the server. */
  async close(): Promise<void> {
    this.tickets.clear();
    await Promise.all(
      [...this.open.entries()].map(([connection, ws]) => {
        this.closing.add(connection);
        return closeGracefully(ws);
      }),
    );
    for (const ws of this.wss.clients) ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    const closed = new Promise<void>((resolve) => this.http.close(() => resolve()));
    this.http.closeAllConnections();
    await closed;
  }

  private upgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'ws://fake');
    const ticket = url.searchParams.get('ticket') ?? '';
    if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
      this.refused += 1;
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.greet(ws));
  }

  private greet(ws: WebSocket): void {
    this.opened += 1;
    const connection = this.opened;
    this.open.set(connection, ws);
    ws.on('message', (data, isBinary) => this.receive(connection, data, isBinary));
    ws.on('close', (code) => {
      this.open.delete(connection);
      this.closed.push({ connection, code, initiatedBy: this.closing.has(connection) ? 'server' : 'app' });
    });
    ws.on('error', () => ws.terminate());
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.open.size,
        debug_info: { host: 'fake-applink', approximate_connection_time: 18_060 },
        connection_info: { app_id: APP_ID },
      }),
    );
  }

  private receive(connection: number, data: RawData, isBinary: boolean): void {
    const text = isBinary ? '<binary>' : data.toString();
    const message = parseObject(text);
    const envelopeId = message?.envelope_id;
    const sent = this.envelopes.find((e) => e.envelope_id === envelopeId && e.connection === connection);
    if (!message || !sent) {
      this.strays.push({ connection, text });
      return;
    }
    const payload = message.payload;
    this.acks.push({
      envelope_id: sent.envelope_id,
      payload:
        typeof payload === 'object' && payload !== null ? (payload as Record<string, unknown>) : undefined,
      connection,
      at: Date.now(),
    });
  }

  private until<T>(found: () => T | undefined, timeoutMs: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const started = Date.now();
      const poll = setInterval(() => {
        const value = found();
        if (value !== undefined) {
          clearInterval(poll);
          resolve(value);
        } else if (Date.now() - started > timeoutMs) {
          clearInterval(poll);
          reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`));
        }
      }, POLL_MS);
    });
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function closeGracefully(ws: WebSocket): Promise<void> {
  if (ws.readyState === ws.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const cut = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(cut);
      resolve();
    });
    ws.close(1001, 'going away');
  });
}

/** Starts the server on an ephemeral port; attach it to a fake Slack with attachTo. */
export function startFakeSocketMode(): Promise<FakeSocketMode> {
  return new FakeSocketMode().listen();
}
