import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';

/** The headers of an answer, as the gateway reads them (the `get` of fetch's `Headers`). */
export interface HeaderReader {
  get(name: string): string | null;
}

/** What the gateway reads of an answer: fetch's `Response`, narrowed. */
export interface HttpAnswer {
  status: number;
  headers: HeaderReader;
  text(): Promise<string>;
}

/** fetch's shape, narrowed to what the gateway sends and reads; `globalThis.fetch` is one. */
export type HttpFetch = (url: string, init: RequestInit) => Promise<HttpAnswer>;

function headerReader(message: IncomingMessage): HeaderReader {
  return {
    get(name) {
      const value = message.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The gateway's HTTP client on `node:http` / `node:https` with keep-alive agents. It does what
 * the gateway asks of fetch (a method, headers, a string body, a signal, no redirects followed)
 * at a fraction of fetch's CPU per call, which the worker spends per reaction
 * (docs/worker-performance.md). Idle sockets do not keep the process alive.
 */
export function createNodeHttpFetch(): HttpFetch {
  const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };
  return (url, init) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      const target = new URL(url);
      const secure = target.protocol === 'https:';
      const body = typeof init.body === 'string' ? init.body : undefined;
      const headers: Record<string, string> = { ...(init.headers as Record<string, string> | undefined) };
      if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
      const request = (secure ? httpsRequest : httpRequest)(
        target,
        { method: init.method ?? 'GET', headers, agent: secure ? agents.https : agents.http, ...(init.signal ? { signal: init.signal } : {}) },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('error', reject);
          response.on('close', () => {
            if (!response.complete) reject(Object.assign(new Error('the answer was cut short'), { code: 'ECONNRESET' }));
          });
          response.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            resolve({ status: response.statusCode ?? 0, headers: headerReader(response), text: () => Promise.resolve(text) });
          });
        },
      );
      request.on('error', reject);
      request.end(body);
    });
}
