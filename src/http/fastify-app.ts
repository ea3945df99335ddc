import Fastify, { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { clientErrorHandler } from './client-error.js';
import { errorHandler } from './error-handler.js';

const noop = () => undefined;
const silentLogger = { debug: noop } as unknown as Logger;

export interface HttpAppOptions {
  /** Request-scoped lines and errors go here; none when absent. */
  logger?: Logger;
  /** Largest body read, bytes (413 beyond). Default 1 MiB. */
  bodyLimit?: number;
  /** Whole-request timeout for slow clients, ms. Default 10 s. */
  requestTimeoutMs?: number;
  /** Turns errors into answers. Default: the receiver's (4xx keep their message, 5xx hide it). */
  errorHandler?: (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown;
  /** On close: `idle` lets requests in flight finish (default), `true` cuts every connection. */
  forceCloseConnections?: boolean | 'idle';
  /** `/a/` is routed as `/a`. Default false. */
  ignoreTrailingSlash?: boolean;
}

/**
 * The one HTTP stack: every listener of the project (receiver, worker metrics, simulator) is a
 * Fastify app made here, with the same timeouts, body limit, closing behaviour and one error
 * handler. Never listens by itself.
 */
export function createHttpApp(options: HttpAppOptions = {}): FastifyInstance {
  const requestTimeout = options.requestTimeoutMs ?? 10_000;
  const app = Fastify({
    ...(options.logger ? { loggerInstance: options.logger as FastifyBaseLogger } : { logger: false }),
    // Each app logs what it needs itself (one line per delivery on the receiver).
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: options.bodyLimit ?? 1_048_576,
    requestTimeout,
    connectionTimeout: requestTimeout,
    // Node enforces requestTimeout/headersTimeout only when it checks its connections, every
    // 30 s by default: a client trickling bytes kept its socket for 30–90 s, whatever was set.
    http: { connectionsCheckingInterval: Math.max(100, Math.min(1000, Math.floor(requestTimeout / 4))), headersTimeout: requestTimeout },
    keepAliveTimeout: 5_000,
    return503OnClosing: true,
    forceCloseConnections: options.forceCloseConnections ?? 'idle',
    routerOptions: { ignoreTrailingSlash: options.ignoreTrailingSlash ?? false },
    // Malformed requests are answered without logging their raw bytes (headers, bodies).
    clientErrorHandler: clientErrorHandler((options.logger ?? silentLogger) as FastifyBaseLogger),
  });
  app.setErrorHandler(options.errorHandler ?? errorHandler);
  return app;
}

/** `http://127.0.0.1:4010` for the address the app listens on (IPv6 in brackets). */
export function listeningUrl(app: FastifyInstance): string {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('the app is not listening on a TCP port');
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return `http://${host}:${address.port}`;
}
