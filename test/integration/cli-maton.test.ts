import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';

const KEY = 'maton-test-key';

interface StoredConnection {
  connection_id: string;
  status: string;
  creation_time: string;
  url: string;
  app: string;
}

/** A stand-in for ctrl.maton.ai with the endpoints and bodies Maton documents for its `systeme` app. */
function matonStandIn() {
  const connections = new Map<string, StoredConnection>();
  const requests: { method: string; url: string; body: string }[] = [];
  let next = 1;
  let omitUrlOnCreate = false;
  const server: Server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      requests.push({ method: request.method!, url: request.url!, body });
      const send = (status: number, value?: unknown) =>
        response.writeHead(status, { 'content-type': 'application/json' }).end(value === undefined ? '' : JSON.stringify(value));
      if (request.headers.authorization !== `Bearer ${KEY}`) return send(401, { error: 'Invalid API key' });
      const url = new URL(request.url!, 'http://x');
      const id = /^\/connections\/([^/]+)$/.exec(url.pathname)?.[1];
      if (request.method === 'GET' && url.pathname === '/connections') {
        const app = url.searchParams.get('app');
        return send(200, { connections: [...connections.values()].filter((c) => app === null || c.app === app) });
      }
      if (request.method === 'POST' && url.pathname === '/connections') {
        const { app } = JSON.parse(body) as { app: string };
        const connection = {
          connection_id: `c0nn-${next++}`,
          status: 'PENDING',
          creation_time: '2026-05-01T10:00:00Z',
          url: `https://connect.maton.example/?session_token=t${next}`,
          app,
        };
        connections.set(connection.connection_id, connection);
        const { url: connectUrl, ...withoutUrl } = connection;
        return send(200, { connection: omitUrlOnCreate ? withoutUrl : { ...connection, url: connectUrl } });
      }
      if (id && request.method === 'GET') return connections.has(id) ? send(200, { connection: connections.get(id) }) : send(404, { error: 'Not found' });
      if (id && request.method === 'DELETE') {
        if (!connections.delete(id)) return send(404, { error: 'Not found' });
        return send(200, {});
      }
      return send(404, { error: 'Not found' });
    });
  });
  return {
    server,
    connections,
    requests,
    omitUrl(value: boolean) {
      omitUrlOnCreate = value;
    },
    reset() {
      connections.clear();
      requests.length = 0;
      next = 1;
      omitUrlOnCreate = false;
    },
  };
}

const standIn = matonStandIn();
let ctrlUrl: string;
const env = (extra: Record<string, string> = {}) => ({ MATON_API_KEY: KEY, MATON_CTRL_URL: ctrlUrl, ...extra });

beforeAll(async () => {
  await new Promise<void>((resolve) => standIn.server.listen(0, '127.0.0.1', resolve));
  ctrlUrl = `http://127.0.0.1:${(standIn.server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => standIn.server.close(() => resolve())));
beforeEach(() => standIn.reset());

describe('maton', () => {
  it('connect creates a Systeme.io connection and prints the URL to authorise it', async () => {
    const result = await runCli(['maton', 'connect'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created connection c0nn-1 (PENDING).');
    expect(result.stdout).toContain('Open this URL to authorise Systeme.io:\n  https://connect.maton.example/?session_token=');
    expect(standIn.requests).toEqual([{ method: 'POST', url: '/connections', body: '{"app":"systeme"}' }]);
  });

  it('connect reads the URL back when the create answer lacks it', async () => {
    standIn.omitUrl(true);
    const result = await runCli(['maton', 'connect'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('https://connect.maton.example/?session_token=');
    expect(standIn.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /connections', 'GET /connections/c0nn-1']);
  });

  it('connections lists them with their status, marking MATON_CONNECTION', async () => {
    await runCli(['maton', 'connect'], env());
    await runCli(['maton', 'connect'], env());
    standIn.connections.get('c0nn-1')!.status = 'ACTIVE';
    const table = await runCli(['maton', 'connections'], env({ MATON_CONNECTION: 'c0nn-1' }));
    expect(table.code, table.stderr).toBe(0);
    expect(table.stdout).toMatch(/c0nn-1\s+ACTIVE\s+2026-05-01T10:00:00Z\s+MATON_CONNECTION/);
    expect(table.stdout).toMatch(/c0nn-2\s+PENDING\s+.*authorise at https:\/\/connect\.maton\.example/);
    const json = await runCli(['maton', 'connections', '--json'], env());
    expect((JSON.parse(json.stdout) as { connection_id: string; status: string }[]).map((c) => [c.connection_id, c.status])).toEqual([
      ['c0nn-1', 'ACTIVE'],
      ['c0nn-2', 'PENDING'],
    ]);
    expect(standIn.requests.at(-1)!.url).toBe('/connections?app=systeme');
  });

  it('disconnect deletes one; an unknown id fails', async () => {
    await runCli(['maton', 'connect'], env());
    const result = await runCli(['maton', 'disconnect', 'c0nn-1'], env());
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Deleted connection c0nn-1.');
    expect(standIn.connections.size).toBe(0);
    const unknown = await runCli(['maton', 'disconnect', 'c0nn-1'], env());
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('Maton answered 404');
    expect((await runCli(['maton', 'disconnect'], env())).code).toBe(2);
  });

  it('fails clearly on a refused or missing key', async () => {
    const refused = await runCli(['maton', 'connections'], env({ MATON_API_KEY: 'wrong' }));
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Maton refused the key; check MATON_API_KEY');
    expect(refused.stderr).not.toContain('wrong');
    const missing = await runCli(['maton', 'connections'], { MATON_CTRL_URL: ctrlUrl });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('MATON_API_KEY: not set');
  });
});
