import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort } from '../../src/cli/support/free-port.js';

const RANGE = '/proc/sys/net/ipv4/ip_local_port_range';

describe('freePort', () => {
  // The servers a test or the demo starts one after the other bind their port only once their
  // process is up; the system offered a just-closed port again before that (300 calls gave 4 to
  // 5 repeats), and a sentinel then failed to start.
  it('never hands out the same port twice in one process, and each can be bound', async () => {
    const ports: number[] = [];
    for (let i = 0; i < 300; i += 1) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    // Below the ports the system hands out by itself: no other process's listen(0) or outgoing
    // connection takes one before its server binds it.
    const low = existsSync(RANGE) ? Number(readFileSync(RANGE, 'utf8').split(/\s+/)[0]) : 32_768;
    expect(ports.filter((port) => port >= low || port < 10_000)).toEqual([]);
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(ports.at(-1), '127.0.0.1', resolve);
    });
    await new Promise((resolve) => server.close(resolve));
  });
});
