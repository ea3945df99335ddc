/** What a handler sees of a request: path parameters, query and the parsed JSON body (undefined when empty). */
export interface RouteRequest {
  params: Record<string, string>;
  query: URLSearchParams;
  body: unknown;
}

export interface RouteResult {
  status: number;
  /** Serialised as JSON; omitted for an empty body (204, 202). */
  body?: unknown;
  headers?: Record<string, string>;
}

export type Handler = (request: RouteRequest) => RouteResult | Promise<RouteResult>;

export const ROUTE_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

export interface Route {
  method: (typeof ROUTE_METHODS)[number];
  /** `/api/contacts/:id`: a `:name` segment matches one path segment (Fastify's syntax). */
  path: string;
  handler: Handler;
}

/** Per path, the methods it has routes for, in table order: what a 405 lists in `Allow`. */
export function methodsByPath(routes: readonly Route[]): Map<string, Route['method'][]> {
  const methods = new Map<string, Route['method'][]>();
  for (const route of routes) methods.set(route.path, [...(methods.get(route.path) ?? []), route.method]);
  return methods;
}
