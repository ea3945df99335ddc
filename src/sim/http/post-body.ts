import { request as httpRequest, type ClientRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * POSTs exact bytes and resolves the receiver's status, or null when the connection failed,
 * timed out or was aborted. A fresh connection per attempt (no keep-alive), so receivers in
 * tests close promptly and every attempt is independent, as separate deliveries are.
 */
export function postBody(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<number | null> {
  return new Promise((resolve) => {
    if (signal.aborted) {
      resolve(null);
      return;
    }
    const bytes = Buffer.from(body, 'utf8');
    let request: ClientRequest;
    try {
      const target = new URL(url);
      const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
      request = send(target, {
        method: 'POST',
        agent: false,
        signal,
        headers: { ...headers, 'content-length': String(bytes.length), connection: 'close' },
      });
    } catch {
      resolve(null);
      return;
    }
    request.on('response', (response) => {
      response.resume();
      response.on('end', () => resolve(response.statusCode ?? null));
      response.on('error', () => resolve(response.statusCode ?? null));
    });
    request.on('error', () => resolve(null));
    request.end(bytes);
  });
}
