import { randomInt } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** Whether nothing listens on this loopback port now. */
async function canBind(port: number): Promise<boolean> {
  const server = createServer();
  const bound = await new Promise<boolean>((resolve) => {
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => resolve(true));
  });
  if (bound) await new Promise<void>((resolve) => server.close(() => resolve()));
  return bound;
}

/**
 * The lowest port the system hands out by itself, for `listen(0)` and for outgoing connections
 * (Linux's ip_local_port_range; 32768 where it cannot be read, which is also below the range
 * other systems use).
 */
function ephemeralLow(): number {
  try {
    const low = Number(readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(low) && low > 0 ? low : 32_768;
  } catch {
    return 32_768;
  }
}

const LOWEST = 10_000;

/**
 * Ports this process has handed out. A port is handed out some time before its server binds it
 * (a redis-server or a sentinel starting, a Redis restarted on its old port): it must not be
 * handed out again meanwhile.
 */
const handedOut = new Set<number>();

/**
 * A free loopback port, never one this process has handed out before. It is drawn at random
 * below the system's ephemeral range: no `listen(0)` and no outgoing connection of any process
 * can take it before its server binds it, as one did when the ports came from the system.
 */
export async function freePort(): Promise<number> {
  const highest = Math.min(ephemeralLow() - 1, 32_767);
  if (highest - LOWEST < 1000) throw new Error(`no port range below the system's ephemeral ports (from ${highest + 1}) to pick test ports from`);
  for (let attempt = 0; attempt < 1000; attempt += 1) {
    const port = randomInt(LOWEST, highest + 1);
    if (handedOut.has(port)) continue;
    if (await canBind(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port between ${LOWEST} and ${highest} in 1000 tries`);
}
