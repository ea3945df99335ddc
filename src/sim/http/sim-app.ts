import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { createHttpApp } from '../../http/fastify-app.js';
import { answerApi, type ApiPipelineDeps, type ApiRequest, type ApiTarget } from '../api/api-pipeline.js';
import { httpError, SimHttpError } from '../errors.js';
import type { Store } from '../store.js';
import { atomTimestamp, type Clock } from '../time.js';
import { BODY_LIMIT_BYTES, parseJson } from './read-body.js';
import { methodsByPath, ROUTE_METHODS, type Route, type RouteResult } from './router.js';

export interface SimAppDeps {
  api: ApiPipelineDeps;
  apiRoutes: readonly Route[];
  controlRoutes: readonly Route[];
  store: Store;
  now: Clock;
  /** Aborted when the simulator closes, ending latency waits. */
  signal(): AbortSignal;
}

/** Through Maton the same paths sit under `/systeme` (docs/systeme-io.md#maton-gateway); accepted so a Maton-style base URL works too. */
const API_PREFIXES = ['', '/systeme'];

const isControl = (request: FastifyRequest) => request.url.startsWith('/__sim/');
const urlOf = (request: FastifyRequest) => new URL(request.url, 'http://sim.local');
const rawOf = (request: FastifyRequest) => (Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0));

/** Writes a status, headers and an optional JSON body (errors use `application/problem+json`, as API Platform does). */
function send(reply: FastifyReply, result: RouteResult): FastifyReply {
  reply.code(result.status).headers(result.headers ?? {});
  if (result.body === undefined) return reply.send();
  return reply.type(result.status >= 400 ? 'application/problem+json; charset=utf-8' : 'application/json; charset=utf-8').send(JSON.stringify(result.body));
}

/**
 * The simulator on the project's HTTP stack: `/__sim/*` goes to the controls, anything else is
 * an API request (key, quota, faults, then its route) and is logged in `store.requests`.
 */
export async function buildSimApp(deps: SimAppDeps): Promise<FastifyInstance> {
  const app = createHttpApp({ bodyLimit: BODY_LIMIT_BYTES, errorHandler: errorHandler(deps), forceCloseConnections: true, ignoreTrailingSlash: true });
  // Handlers parse the exact bytes themselves: API Platform's content types and its 400 wording.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));

  const receivedAt = new WeakMap<FastifyRequest, string>();
  app.addHook('onRequest', async (request) => void receivedAt.set(request, atomTimestamp(deps.now())));
  app.addHook('onSend', async (request, reply, payload) => {
    if (!isControl(request)) {
      deps.store.requests.push({ method: request.method, path: request.url, status: reply.statusCode, at: receivedAt.get(request) ?? '' });
    }
    return payload;
  });

  const api = (request: FastifyRequest, reply: FastifyReply, target: ApiTarget) => {
    const apiRequest: ApiRequest = { method: request.method, headers: request.headers, url: urlOf(request), raw: rawOf(request) };
    return answerApi(deps.api, apiRequest, target, deps.signal()).then((result) => send(reply, result));
  };
  for (const prefix of API_PREFIXES) {
    for (const route of deps.apiRoutes) {
      app.route({
        method: route.method,
        url: `${prefix}${route.path}`,
        handler: (request, reply) => api(request, reply, { kind: 'found', handler: route.handler, params: request.params as Record<string, string> }),
      });
    }
    for (const [path, allowed] of methodsByPath(deps.apiRoutes)) {
      const others = ROUTE_METHODS.filter((method) => !allowed.includes(method));
      if (others.length > 0) app.route({ method: others, url: `${prefix}${path}`, handler: (request, reply) => api(request, reply, { kind: 'method-not-allowed', allowed }) });
    }
  }

  for (const route of deps.controlRoutes) {
    app.route({
      method: route.method,
      url: route.path,
      handler: async (request, reply) =>
        send(reply, await route.handler({ params: request.params as Record<string, string>, query: urlOf(request).searchParams, body: parseJson(rawOf(request)) })),
    });
  }
  for (const [path, allowed] of methodsByPath(deps.controlRoutes)) {
    const others = ROUTE_METHODS.filter((method) => !allowed.includes(method));
    if (others.length === 0) continue;
    app.route({
      method: others,
      url: path,
      handler: async (request) => {
        throw httpError(405, `Use ${allowed.join(' or ')} for ${urlOf(request).pathname}.`);
      },
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (isControl(request)) throw httpError(404, `Unknown control endpoint "${request.method} ${urlOf(request).pathname}".`);
    return api(request, reply, { kind: 'not-found' });
  });
  return app;
}

/** Known answers as they are; a body over the limit as API Platform words it; anything else is a simulator bug. */
function errorHandler(deps: SimAppDeps) {
  return (error: FastifyError, _request: FastifyRequest, reply: FastifyReply) => {
    if (deps.signal().aborted) {
      reply.hijack();
      reply.raw.destroy();
      return;
    }
    const known =
      error instanceof SimHttpError
        ? error
        : error.statusCode === 413
          ? httpError(413, `The request body is larger than ${BODY_LIMIT_BYTES} bytes.`, 'Payload Too Large')
          : error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500
            ? httpError(error.statusCode, error.message)
            : httpError(500, `Simulator bug: ${error.message}`, 'Internal Server Error');
    return send(reply, { status: known.status, body: known.body, headers: known.headers });
  };
}
