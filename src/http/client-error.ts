import { STATUS_CODES } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyBaseLogger } from 'fastify';

/** Node's `clientError`: a request that could not be parsed, timed out, or had too-large headers. */
interface ClientError extends Error {
  code?: string;
  /** The bytes Node had read: headers (tokens, signatures) and body (emails). Never logged. */
  rawPacket?: unknown;
}

function answerFor(code: string | undefined): { status: number; message: string; label: string } {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return { status: 408, message: 'Client Timeout', label: 'timeout' };
  if (code === 'HPE_HEADER_OVERFLOW') return { status: 431, message: 'Exceeded maximum allowed HTTP header size', label: 'header_overflow' };
  return { status: 400, message: 'Client Error', label: 'error' };
}

/**
 * Fastify's `clientErrorHandler`, answering as Fastify's own does, but logging only the error's
 * code and message: the default logs the whole error at trace, `rawPacket` included, which put
 * `Authorization` headers, signatures and customer emails in the logs.
 */
export function clientErrorHandler(log: FastifyBaseLogger): (error: ClientError, socket: Socket) => void {
  return (error, socket) => {
    // A reset connection is already gone: nothing to answer, nothing worth a line.
    if (error.code === 'ECONNRESET' || socket.destroyed) return;
    const { status, message, label } = answerFor(error.code);
    log.debug({ err: { code: error.code, message: error.message } }, `client ${label}`);
    if (socket.writable) {
      const body = JSON.stringify({ error: STATUS_CODES[status], message, statusCode: status });
      socket.write(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`);
    }
    socket.destroy();
  };
}
