import type { IncomingMessage, ServerResponse } from 'node:http';
import { answerApi, type ApiPipelineDeps } from './api/api-pipeline.js';
import { httpError, SimHttpError } from './errors.js';
import { parseJson, readBody } from './http/read-body.js';
import type { RouteResult, Router } from './http/router.js';
import { send } from './http/send.js';
import type { Store } from './store.js';
import { atomTimestamp, type Clock } from './time.js';

export interface RequestHandlerDeps {
  api: ApiPipelineDeps;
  control: Router;
  store: Store;
  now: Clock;
  /** Aborted when the simulator closes, ending latency waits. */
  signal(): AbortSignal;
}

async function answerControl(control: Router, request: IncomingMessage, url: URL, raw: Buffer): Promise<RouteResult> {
  const method = request.method ?? 'GET';
  const match = control.match(method, url.pathname);
  if (match.kind === 'not-found') throw httpError(404, `Unknown control endpoint "${method} ${url.pathname}".`);
  if (match.kind === 'method-not-allowed') throw httpError(405, `Use ${match.allowed.join(' or ')} for ${url.pathname}.`);
  return match.handler({ params: match.params, query: url.searchParams, body: parseJson(raw) });
}

/** Every request: `/__sim/*` goes to the controls, anything else is an API request and is logged. */
export function createRequestHandler(deps: RequestHandlerDeps) {
  return async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const receivedAt = atomTimestamp(deps.now());
    const url = new URL(request.url ?? '/', 'http://sim.local');
    const isControl = url.pathname.startsWith('/__sim/');
    let result: RouteResult;
    try {
      const raw = await readBody(request);
      result = isControl ? await answerControl(deps.control, request, url, raw) : await answerApi(deps.api, request, url, raw, deps.signal());
    } catch (error) {
      if (deps.signal().aborted) {
        response.destroy();
        return;
      }
      const known = error instanceof SimHttpError ? error : httpError(500, `Simulator bug: ${(error as Error).message}`, 'Internal Server Error');
      result = { status: known.status, body: known.body, headers: known.headers };
    }
    if (!isControl) deps.store.requests.push({ method: request.method ?? 'GET', path: request.url ?? '/', status: result.status, at: receivedAt });
    send(response, result.status, result.body, result.headers);
  };
}
