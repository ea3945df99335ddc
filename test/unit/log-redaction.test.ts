import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger.js';
import { createRedactor } from '../../src/config/log-redaction.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const logger = createLogger({ level: 'info', name: 'receiver' }, { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

describe('log redaction', () => {
  it('replaces secrets at the top level, one level down, and at the named nested paths', () => {
    const { logger, lines } = capture();
    logger.info({
      apiKey: 'k1', password: 'p1',
      job: { secret: 's1', kept: 'visible' },
      headers: { 'x-webhook-signature': 'sig', 'x-other': 'shown', secret: 's2' },
      req: { headers: { authorization: 'Bearer t', 'x-api-key': 'k2', host: 'h' } },
      config: { env: { SYSTEME_API_KEY: 'k3', PORT: '3000' }, redis: { endpoint: { password: 'p2', host: 'r' } } },
      err: { rawPacket: 'GET / HTTP/1.1', message: 'bad' },
    }, 'probe');
    expect(lines[0]).toMatchObject({
      apiKey: '[redacted]', password: '[redacted]',
      job: { secret: '[redacted]', kept: 'visible' },
      headers: { 'x-webhook-signature': '[redacted]', 'x-other': 'shown', secret: '[redacted]' },
      req: { headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', host: 'h' } },
      config: { env: { SYSTEME_API_KEY: '[redacted]', PORT: '3000' }, redis: { endpoint: { password: '[redacted]', host: 'r' } } },
      err: { rawPacket: '[redacted]', message: 'bad' },
      msg: 'probe',
    });
  });

  it('leaves the logged object itself unchanged, and a line without secrets as it was', () => {
    const { logger, lines } = capture();
    const job = { secret: 's1' };
    logger.info({ job, event: 'SALE_NEW', status: 202 }, 'delivery');
    logger.info({ event: 'SALE_NEW', outcome: 'queued', messageId: 'm-1', status: 202 }, 'delivery');
    expect(job).toEqual({ secret: 's1' });
    expect(lines[1]).toMatchObject({ name: 'receiver', event: 'SALE_NEW', outcome: 'queued', messageId: 'm-1', status: 202, msg: 'delivery' });
  });

  it('keeps an error readable while its secret field is replaced', () => {
    const { logger, lines } = capture();
    const err = Object.assign(new Error('connect refused'), { password: 'p3', code: 'ECONNREFUSED' });
    logger.error({ err }, 'redis down');
    expect(lines[0]).toMatchObject({ err: { message: 'connect refused', code: 'ECONNREFUSED', password: '[redacted]', type: 'Error' } });
    expect(String((lines[0]!.err as { stack: string }).stack)).toContain('connect refused');
    expect(err.password).toBe('p3');
  });

  it('says the message of an error that wraps its cause once, and keeps the cause in the stack', () => {
    const { logger, lines } = capture();
    const cause = new Error('enrollments.create: Systeme.io has no course 9; check the id');
    logger.error({ err: new Error(`rule "r" action 0 (enroll) failed: ${cause.message}`, { cause }) }, 'event failed for good');
    const err = lines[0]!.err as { message: string; stack: string };
    expect(err.message).toBe('rule "r" action 0 (enroll) failed: enrollments.create: Systeme.io has no course 9; check the id');
    expect(err.stack).toContain('caused by: Error: enrollments.create');
    // A cause the message does not say is still appended.
    logger.error({ err: new Error('connect failed', { cause: new Error('ECONNREFUSED') }) }, 'redis down');
    expect((lines[1]!.err as { message: string }).message).toBe('connect failed: ECONNREFUSED');
  });

  it('redacts the bindings of child loggers, and of their children', () => {
    const { logger, lines } = capture();
    const child = logger.child({ apiKey: 'api-key-of-the-child', component: 'c' });
    child.child({ config: { env: { ADMIN_TOKEN: 'admin-token-of-the-grandchild' } } }).info('from the grandchild');
    child.info('from the child');
    expect(lines[0]).toMatchObject({ apiKey: '[redacted]', component: 'c', config: { env: { ADMIN_TOKEN: '[redacted]' } } });
    expect(lines[1]).toMatchObject({ apiKey: '[redacted]', component: 'c', msg: 'from the child' });
    expect(JSON.stringify(lines)).not.toMatch(/api-key-of-the-child|admin-token-of-the-grandchild/);
  });

  it('reads names, quoted names in brackets and wildcards, and refuses a malformed path', () => {
    for (const path of ['a..b', '', 'a[b]', 'a.', '.a', 'a["b"]c']) expect(() => createRedactor([path], 'x'), path).toThrow(/invalid redaction path/);
    expect(createRedactor(['a["b-c"].d', "e['f']", '*.g'], 'x')({ a: { 'b-c': { d: 1 } }, e: { f: 2 }, h: { g: 3 } })).toEqual({ a: { 'b-c': { d: 'x' } }, e: { f: 'x' }, h: { g: 'x' } });
  });
});
