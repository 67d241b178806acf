import http, { type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A local HTTP server for one evidence API: records every request (method, path and query,
 * headers) and answers from its routes, unless a fault is queued (a status with headers, a slow
 * answer, a dropped connection). Shared by the four fakes in this folder.
 */
export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
}

export interface FakeAnswer {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string>; body?: unknown }
  | { kind: 'slow'; delayMs: number }
  | { kind: 'drop' };

export interface FakeServer {
  url: string;
  readonly requests: ReceivedRequest[];
  /** Faults answer the next requests, one each, before the routes do. */
  fault(...faults: Fault[]): void;
  /** Every request answered with this fault until cleared (undefined). */
  failAll(fault: Fault | undefined): void;
  close(): Promise<void>;
}

export async function startFakeServer(route: (req: ReceivedRequest) => FakeAnswer): Promise<FakeServer> {
  const requests: ReceivedRequest[] = [];
  const queued: Fault[] = [];
  let always: Fault | undefined;
  const server = http.createServer((req, res) => {
    const received: ReceivedRequest = {
      method: req.method ?? '',
      url: new URL(req.url ?? '/', 'http://fake.invalid'),
      headers: req.headers,
    };
    requests.push(received);
    req.resume();
    req.on('end', () => {
      const fault = queued.shift() ?? always;
      if (fault?.kind === 'drop') {
        res.socket?.destroy();
        return;
      }
      const send = (answer: FakeAnswer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
        res.end(answer.body === undefined ? '' : JSON.stringify(answer.body));
      };
      if (fault?.kind === 'slow') {
        const timer = setTimeout(() => send(route(received)), fault.delayMs);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      if (fault?.kind === 'status') {
        send({
          status: fault.status,
          body: fault.body ?? { message: `fake ${fault.status}` },
          ...(fault.headers ? { headers: fault.headers } : {}),
        });
        return;
      }
      try {
        send(route(received));
      } catch (err) {
        send({ status: 500, body: { message: err instanceof Error ? err.message : String(err) } });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    fault: (...faults) => queued.push(...faults),
    failAll(fault) {
      always = fault;
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Page `items` by `size` from a zero-based page number. */
export function pageOf<T>(items: readonly T[], page: number, size: number): T[] {
  return items.slice(page * size, (page + 1) * size);
}
