import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/** What the proxy does with one exchange; decided when the upstream has answered, knowing its status. */
export interface ProxyDecision {
  /** Hold the (already received) answer this long before passing it on. Default 0. */
  delayAnswerMs?: number;
  /** Forward the request, then destroy the client's connection instead of answering. */
  dropAnswer?: boolean;
}

/** The decision for one exchange: its request's method and path, and the upstream's status. */
export type ProxyDecide = (method: string, path: string, status: number | null) => ProxyDecision;

export interface ProxyLogEntry {
  method: string;
  path: string;
  /** When the request was forwarded, epoch ms (precise, unlike the simulator's whole seconds). */
  forwardedAt: number;
  /** The upstream status, or null when the upstream did not answer. */
  status: number | null;
  delayedMs: number;
  dropped: boolean;
  headers: IncomingMessage['headers'];
  body: Buffer;
}

export interface HttpProxy {
  url: string;
  log: ProxyLogEntry[];
  close(): Promise<void>;
}

function readAll(stream: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

/**
 * A small HTTP forwarder for fault injection: every request is forwarded at once to `target`
 * (so the upstream acts on it), and `decide` chooses, once the upstream has answered, whether the
 * answer is passed on, passed on late, or lost (connection destroyed) on the way back.
 */
export async function startHttpProxy(target: string, decide: ProxyDecide): Promise<HttpProxy> {
  const upstream = new URL(target);
  const log: ProxyLogEntry[] = [];
  const server: Server = createServer(async (request, response) => {
    const body = await readAll(request);
    const entry: ProxyLogEntry = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      forwardedAt: Date.now(),
      status: null,
      delayedMs: 0,
      dropped: false,
      headers: request.headers,
      body,
    };
    log.push(entry);
    const headers = { ...request.headers, host: upstream.host, connection: 'close' };
    const forwarded = httpRequest({ host: upstream.hostname, port: upstream.port, method: entry.method, path: entry.path, headers, agent: false });
    forwarded.on('error', () => response.destroy());
    forwarded.on('response', async (answer) => {
      const answerBody = await readAll(answer).catch(() => Buffer.alloc(0));
      entry.status = answer.statusCode ?? null;
      const decision = decide(entry.method, entry.path, entry.status);
      entry.delayedMs = decision.delayAnswerMs ?? 0;
      entry.dropped = decision.dropAnswer ?? false;
      if (entry.dropped) {
        response.socket?.destroy();
        return;
      }
      if (entry.delayedMs > 0) await sleep(entry.delayedMs);
      if (response.destroyed) return;
      const passed = { ...answer.headers };
      delete passed['transfer-encoding'];
      delete passed.connection;
      response.writeHead(answer.statusCode ?? 502, { ...passed, 'content-length': String(answerBody.length) }).end(answerBody);
    });
    forwarded.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    log,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
