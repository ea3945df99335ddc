import { connect, type Socket } from 'node:net';

export interface RawAnswer {
  /** Status of the first answer, or null when the server sent none. */
  status: number | null;
  /** The server closed (or reset) the connection. */
  closed: boolean;
  /** When the answer or the close came, ms after the connection opened. */
  afterMs: number;
  text: string;
}

/** Opens a socket to 127.0.0.1:`port`; resolves once connected. */
export function openSocket(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => resolve(socket));
    socket.once('error', reject);
  });
}

/**
 * Watches a socket until the server answers or closes it (or `timeoutMs` passes); `write` sends
 * the request, possibly slowly. Bytes are written as given: nothing is checked or fixed up.
 */
export function exchange(socket: Socket, write: (socket: Socket) => void | Promise<void>, timeoutMs = 10_000): Promise<RawAnswer> {
  const opened = Date.now();
  let text = '';
  return new Promise((resolve) => {
    let settled = false;
    const finish = (closed: boolean) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const match = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      resolve({ status: match ? Number(match[1]) : null, closed, afterMs: Date.now() - opened, text });
    };
    const timer = setTimeout(() => finish(false), timeoutMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      if (/\r\n\r\n/.test(text)) setTimeout(() => finish(socket.destroyed), 50);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    void Promise.resolve(write(socket)).catch(() => finish(true));
  });
}

/** One request as raw bytes on a fresh connection. */
export async function rawRequest(port: number, bytes: Buffer | string, timeoutMs = 5_000): Promise<RawAnswer> {
  const socket = await openSocket(port);
  try {
    return await exchange(socket, (s) => void s.write(bytes), timeoutMs);
  } finally {
    socket.destroy();
  }
}
