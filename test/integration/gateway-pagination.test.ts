import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { InvalidRequestError, ValidationError, collect, createGateway } from '../../src/gateway/index.js';

// A stand-in API serving lists with Systeme.io's cursor rules (docs/systeme-io.md#pagination), and refusing page
// sizes above `maxLimit` with a 422 about `limit`, as some endpoints reportedly do.
interface ListServer {
  url: string;
  queries: URLSearchParams[];
  close(): Promise<void>;
}

const servers: ListServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => server.close()));
});

type Item = { id: number; [key: string]: unknown };

async function listServer(items: Item[], options: { maxLimit?: number; refuse?: (q: URLSearchParams) => object | undefined } = {}) {
  const queries: URLSearchParams[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    queries.push(url.searchParams);
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    const refusal = options.refuse?.(url.searchParams);
    if (refusal) return send(422, refusal);
    const limit = Number(url.searchParams.get('limit') ?? 50);
    if (limit > (options.maxLimit ?? 100)) {
      return send(422, { title: 'Validation failed', detail: 'limit: too large', violations: [{ propertyPath: 'limit', message: 'too large', code: 'x' }] });
    }
    const ordered = url.searchParams.get('order') === 'asc' ? items : [...items].reverse();
    const after = url.searchParams.get('startingAfter');
    const start = after === null ? 0 : ordered.findIndex((item) => item.id === Number(after)) + 1;
    const page = ordered.slice(start, start + limit);
    send(200, { items: page, hasMore: start + limit < ordered.length });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const handle: ListServer = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    queries,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  servers.push(handle);
  return handle;
}

const contacts = (count: number) => Array.from({ length: count }, (_, i) => ({ id: i + 1, email: `c${i + 1}@example.com` }));
const gatewayFor = (url: string) => createGateway({ baseUrl: url, auth: { mode: 'direct', apiKey: 'k' } });

describe('pagination', () => {
  it('walks every page with startingAfter = last id', async () => {
    const api = await listServer(contacts(25));
    const all = await collect(gatewayFor(api.url).contacts.list({ limit: 10, order: 'asc', tags: [3, 4] }));
    expect(all.map((c) => c.id)).toEqual(contacts(25).map((c) => c.id));
    expect(api.queries.map((q) => q.get('startingAfter'))).toEqual([null, '10', '20']);
    expect(api.queries.every((q) => q.get('limit') === '10' && q.get('order') === 'asc' && q.get('tags') === '3,4')).toBe(true);
  });

  it('asks for 100 by default and stops fetching when the caller stops reading', async () => {
    const api = await listServer(contacts(250));
    let read = 0;
    for await (const _ of gatewayFor(api.url).contacts.list()) {
      if (++read === 150) break;
    }
    expect(api.queries.map((q) => q.get('limit'))).toEqual(['100', '100']);
    expect(api.queries[0]?.get('order')).toBeNull();
  });

  it('falls back to a smaller page when 100 is refused, and remembers it', async () => {
    const api = await listServer(contacts(45), { maxLimit: 20 });
    const gateway = gatewayFor(api.url);
    const all = await collect(gateway.contacts.list());
    expect(all).toHaveLength(45);
    expect(api.queries.map((q) => q.get('limit'))).toEqual(['100', '50', '20', '20', '20']);
    api.queries.length = 0;
    await collect(gateway.contacts.list());
    expect(api.queries.map((q) => q.get('limit'))).toEqual(['20', '20', '20']);
  });

  it('does not shrink pages for a 422 about something else, nor below 10', async () => {
    const other = await listServer(contacts(5), {
      refuse: () => ({ detail: 'email: invalid', violations: [{ propertyPath: 'email', message: 'invalid', code: 'e' }] }),
    });
    await expect(collect(gatewayFor(other.url).contacts.list({ email: 'x' }))).rejects.toBeInstanceOf(ValidationError);
    expect(other.queries).toHaveLength(1);

    const never = await listServer(contacts(5), { maxLimit: 5 });
    await expect(collect(gatewayFor(never.url).contacts.list())).rejects.toBeInstanceOf(ValidationError);
    expect(never.queries.map((q) => q.get('limit'))).toEqual(['100', '50', '20', '10']);
  });

  it('refuses a page size outside 10–100 before sending anything', async () => {
    const api = await listServer(contacts(5));
    await expect(collect(gatewayFor(api.url).contacts.list({ limit: 5 }))).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(gatewayFor(api.url).contacts.page({ limit: 101 })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(api.queries).toHaveLength(0);
  });

  it('stops when hasMore lies about a cursor that does not move', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [{ id: 1, name: 't' }], hasMore: true })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ url: '', queries: [], close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await collect(gatewayFor(url).tags.list())).toHaveLength(2);
  });

  it('finds a tag by its exact name among the partial matches of every page', async () => {
    const tags = [
      ...Array.from({ length: 12 }, (_, i) => ({ id: i + 1, name: `VIP member ${i}` })),
      { id: 50, name: 'vip' },
      { id: 51, name: 'VIP' },
    ];
    const api = await listServer(tags, { maxLimit: 10 });
    const gateway = gatewayFor(api.url);
    expect(await gateway.tags.findByName('VIP')).toMatchObject({ id: 51 });
    expect(await gateway.tags.findByName('vip')).toMatchObject({ id: 50 });
    expect(await gateway.tags.findByName('VI')).toBeUndefined();
    expect(api.queries[0]?.get('query')).toBe('VIP');
  });

  it('finds a contact by email with one small page', async () => {
    const api = await listServer([{ id: 9, email: 'Jane@Example.com' }]);
    expect(await gatewayFor(api.url).contacts.findByEmail('jane@example.com')).toMatchObject({ id: 9 });
    expect(api.queries[0]?.get('email')).toBe('jane@example.com');
    expect(api.queries[0]?.get('limit')).toBe('10');
  });

  it('stops on an empty page even when hasMore says there is more', async () => {
    const server = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ items: [], hasMore: true })),
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push({ url: '', queries: [], close: () => new Promise<void>((resolve) => server.close(() => resolve()).closeAllConnections()) });
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    expect(await collect(gatewayFor(url).tags.list())).toEqual([]);
  });

  it('remembers a page size only after a fallback, not a size the caller chose', async () => {
    const api = await listServer(contacts(15));
    const gateway = gatewayFor(api.url);
    await collect(gateway.contacts.list({ limit: 10 }));
    api.queries.length = 0;
    await collect(gateway.contacts.list());
    expect(api.queries.map((q) => q.get('limit'))).toEqual(['100']);
  });

  it('logs each page size refused, and an uncursored listing that says there is more', async () => {
    const lines: Array<Record<string, unknown>> = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
    const refusing = await listServer(contacts(5), { maxLimit: 20 });
    await collect(createGateway({ baseUrl: refusing.url, auth: { mode: 'direct', apiKey: 'k' }, logger }).contacts.list());
    expect(lines.filter((line) => line.msg === 'page size refused, trying a smaller one').map((line) => [line.operation, line.limit, line.next])).toEqual([
      ['contacts.list', 100, 50],
      ['contacts.list', 50, 20],
    ]);

    lines.length = 0;
    const fields = [{ id: 1, slug: 'first_name', fieldName: 'First name' } as Item];
    const complete = await listServer(fields);
    await collect(createGateway({ baseUrl: complete.url, auth: { mode: 'direct', apiKey: 'k' }, logger }).contactFields.list());
    expect(lines.filter((line) => line.level === 40)).toEqual([]);
    const more = await listServer(Array.from({ length: 60 }, (_, i) => ({ id: i + 1, slug: `field_${i}`, fieldName: `Field ${i}` }) as Item));
    await collect(createGateway({ baseUrl: more.url, auth: { mode: 'direct', apiKey: 'k' }, logger }).contactFields.list());
    expect(lines.filter((line) => line.level === 40).map((line) => [line.msg, line.operation, line.count])).toEqual([
      ['the API says there is more, but documents no cursor for it', 'contactFields.list', 50],
    ]);
  });

  it('reads uncursored listings in one request without a limit', async () => {
    const api = await listServer([{ id: 1, slug: 'first_name', fieldName: 'First name' } as Item]);
    expect(await collect(gatewayFor(api.url).contactFields.list())).toEqual([{ id: 1, slug: 'first_name', fieldName: 'First name' }]);
    expect(api.queries[0]?.has('limit')).toBe(false);
    const longer = await listServer(Array.from({ length: 60 }, (_, i) => ({ id: i + 1, slug: `field_${i}`, fieldName: `Field ${i}` }) as Item));
    // Without a logger, a listing that says there is more is still read (the one page there is).
    expect(await collect(gatewayFor(longer.url).contactFields.list())).toHaveLength(50);
  });
});
