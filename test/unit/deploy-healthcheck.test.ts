import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { freePort } from '../helpers/start-redis.js';

const script = fileURLToPath(new URL('../../deploy/docker/healthcheck.mjs', import.meta.url));
const servers: Server[] = [];

/** A local server answering `status` on every path; resolves its port. */
async function serve(status: number): Promise<number> {
  const server = createServer((_request, response) => response.writeHead(status).end('{}'));
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

function healthcheck(env: Record<string, string>, args: string[] = []): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], { env: { PATH: process.env.PATH ?? '', ...env } });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += String(chunk)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stderr }));
  });
}

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

describe('the image HEALTHCHECK script', () => {
  it('is healthy when the receiver answers on PORT', async () => {
    const port = await serve(200);
    expect((await healthcheck({ PORT: String(port), METRICS_PORT: String(await freePort()) })).code).toBe(0);
  });

  it('falls back to a worker on METRICS_PORT when nothing listens on PORT', async () => {
    const metricsPort = await serve(200);
    expect((await healthcheck({ PORT: String(await freePort()), METRICS_PORT: String(metricsPort) })).code).toBe(0);
  });

  it('is unhealthy when the receiver answers 503 (shutting down), without asking further', async () => {
    const result = await healthcheck({ PORT: String(await serve(503)), METRICS_PORT: String(await serve(200)) });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('without a 2xx status');
  });

  it('is unhealthy when nothing answers, and says where it asked', async () => {
    const result = await healthcheck({ PORT: String(await freePort()), METRICS_PORT: String(await freePort()) });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/nothing answered at http:\/\/127\.0\.0\.1:\d+\/healthz or http:\/\/127\.0\.0\.1:\d+\/healthz/);
  });

  it('checks the URLs given as arguments instead (the simulator in compose)', async () => {
    const port = await serve(200);
    expect((await healthcheck({ PORT: String(await freePort()) }, [`http://127.0.0.1:${port}/__sim/deliveries`])).code).toBe(0);
  });
});
