import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Metrics } from './metrics.ts';
import type { Readiness } from './readiness.ts';

/** The shape of Bolt's customRoutes, without tying this module to Bolt. */
export interface Route {
  path: string;
  method: string[];
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

/** /healthz: the process is up and serving (liveness). /readyz: it can do its work now (readiness). */
export function probeRoutes(alive: () => boolean, readiness: Readiness, logger: Logger): Route[] {
  return [
    {
      path: '/healthz',
      method: ['GET'],
      handler: (_req, res) => sendJson(res, alive() ? 200 : 503, { ok: alive() }),
    },
    {
      path: '/readyz',
      method: ['GET'],
      handler: (_req, res) => {
        readiness.check().then(
          (report) => sendJson(res, report.ok ? 200 : 503, report),
          (err: unknown) => {
            logger.error({ err }, 'readiness check failed');
            sendJson(res, 503, { ok: false });
          },
        );
      },
    },
  ];
}

export function metricsRoute(metrics: Metrics, logger: Logger): Route {
  return {
    path: '/metrics',
    method: ['GET'],
    handler: (_req, res) => {
      metrics.expose().then(
        ({ contentType, body }) => {
          res.writeHead(200, { 'content-type': contentType });
          res.end(body);
        },
        (err: unknown) => {
          logger.error({ err }, 'could not collect metrics');
          res.writeHead(500).end();
        },
      );
    },
  };
}

export interface MetricsServer {
  /** The port bound (useful with 0). */
  port: number;
  close(): Promise<void>;
}

/** /metrics alone on its own port (METRICS_PORT), e.g. one that only the cluster network reaches. */
export async function startMetricsServer(
  port: number,
  metrics: Metrics,
  logger: Logger,
): Promise<MetricsServer> {
  const route = metricsRoute(metrics, logger);
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method === 'GET' && path === route.path) return route.handler(req, res);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
