import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/config/logger.js';
import { sign } from '../../src/http/signature.js';
import { captureLogger } from '../helpers/log-capture.js';
import { runLogDir, stopAllChildren } from '../helpers/resilience-children.js';
import { createSender } from '../helpers/resilience-load.js';
import { rawRequest } from '../helpers/resilience-raw-http.js';
import { scanForSecrets } from '../helpers/resilience-log-scan.js';
import { FIRST_CONTACT, startStack, type Stack } from '../helpers/resilience-stack.js';
import { RESILIENCE_SECRETS, SUITE_SECRETS } from '../helpers/secrets.js';

// The scan of the whole run happens in test/helpers/global-logs.ts after the last file; these
// tests show that it sees what it must and that the most talkative run leaks nothing.
describe('secrets never reach the logs', () => {
  let stack: Stack | undefined;
  afterAll(async () => {
    await stack?.close();
    await stopAllChildren();
  });

  it('the scan finds a secret planted in a log line, and nothing in clean lines', () => {
    const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-scan-'));
    try {
      writeFileSync(join(dir, 'clean.log'), '{"msg":"delivery","status":202}\n');
      writeFileSync(join(dir, 'leak.log'), `{"msg":"ok"}\n{"msg":"oops","key":"${RESILIENCE_SECRETS.apiKey}"}\n`);
      const hits = scanForSecrets(dir, SUITE_SECRETS);
      expect(hits).toEqual([
        { file: join(dir, 'leak.log'), line: 2, secret: `${RESILIENCE_SECRETS.apiKey.slice(0, 4)}…(${RESILIENCE_SECRETS.apiKey.length} chars)`, encoding: 'text' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the scan finds a secret in every form the logger writes it: bytes, base64, hex, JSON escapes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-scan-'));
    const secret = RESILIENCE_SECRETS.adminToken;
    try {
      let text = '';
      const logger = createLogger({ level: 'trace' }, { write: (line: string) => void (text += line) });
      // What the raw-packet leak looked like: a Buffer, which pino writes as a list of numbers.
      logger.trace({ err: { packet: Buffer.from(`GET / HTTP/1.1\r\nAuthorization: Bearer ${secret}\r\n\r\n`) } }, 'as a Buffer');
      logger.trace({ bytes: new TextEncoder().encode(`x-${secret}`) }, 'as a Uint8Array');
      for (const prefix of ['', 'a', 'ab']) {
        logger.trace({ header: `Basic ${Buffer.from(`${prefix}user:${secret}`).toString('base64')}` }, 'as base64');
      }
      logger.trace({ header: Buffer.from(secret).toString('base64url') }, 'as base64url');
      logger.trace({ digest: Buffer.from(secret).toString('hex') }, 'as hex');
      // A line where JSON escapes spell the secret (pino leaves them to the reader to decode).
      text += `{"msg":"escaped","value":"${secret.split('').map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')}"}\n`;
      writeFileSync(join(dir, 'encoded.log'), text);
      const hits = scanForSecrets(dir, [secret]);
      expect(hits.map((hit) => [hit.line, hit.encoding])).toEqual([
        [1, 'bytes'], [2, 'bytes'], [3, 'base64'], [4, 'base64'], [5, 'base64'], [6, 'base64'], [7, 'hex'], [8, 'text'],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('in-process capture loggers write to the run log directory', () => {
    const { logger } = captureLogger('info');
    logger.info({ apiKey: RESILIENCE_SECRETS.apiKey, headers: { 'x-webhook-signature': 'abc' } }, 'redaction probe');
    const files = readdirSync(runLogDir()).filter((name) => name.startsWith('in-process-'));
    expect(files.length).toBeGreaterThan(0);
    expect(scanForSecrets(runLogDir(), SUITE_SECRETS)).toEqual([]);
  });

  it('a full delivery through `serve` and `work` at LOG_LEVEL=trace logs no secret and no API key', async () => {
    stack = await startStack({ contacts: 3, env: { LOG_LEVEL: 'trace', ADMIN_TOKEN: RESILIENCE_SECRETS.adminToken } });
    const receiver = await stack.startReceiver();
    await stack.startWorker();
    const sender = createSender(4);
    const deliveries = [0, 1, 2].map((i) => stack!.delivery(FIRST_CONTACT + i));
    const outcomes = await Promise.all(deliveries.map((d) => sender.post(receiver.url, d)));
    // A forged one too: refusals are logged with their reason.
    const forged = { ...deliveries[0]!, headers: { ...deliveries[0]!.headers, 'x-webhook-signature': 'f'.repeat(64) } };
    const refused = await sender.post(receiver.url, forged);
    sender.close();
    await stack.waitHandled(deliveries.map((d) => d.messageId), 30_000);

    expect(outcomes.map((o) => o.status)).toEqual([202, 202, 202]);
    expect(refused.status).toBe(401);
    const files = [...stack.receivers, ...stack.workers].map((child) => basename(child.logFile));
    expect(files.every((file) => readdirSync(runLogDir()).includes(file))).toBe(true);
    expect(stack.workers[0]!.lines().some((line) => line.msg === 'systeme api call')).toBe(true);
    expect(scanForSecrets(runLogDir(), SUITE_SECRETS)).toEqual([]);
  }, 60_000);

  it('at LOG_LEVEL=trace, requests that fail HTTP parsing leave no header, signature or email in the log', async () => {
    stack ??= await startStack({ contacts: 0, env: { LOG_LEVEL: 'trace', ADMIN_TOKEN: RESILIENCE_SECRETS.adminToken } });
    const receiver = stack.receivers[0] ?? (await stack.startReceiver());
    const port = Number(new URL(receiver.url).port);
    const email = 'rawpacket.customer@example.com';
    const body = `{"customer":{"contactId":501,"email":"${email}"}}`;
    const signature = sign(RESILIENCE_SECRETS.webhook, body);
    const head = (extra: string) =>
      `POST /webhooks/systeme HTTP/1.1\r\nHost: receiver\r\nAuthorization: Bearer ${RESILIENCE_SECRETS.adminToken}\r\n` +
      `X-Webhook-Signature: ${signature}\r\nX-Webhook-Event: SALE_NEW\r\nContent-Type: application/json\r\n${extra}`;
    // Each one is read by Node, headers and body, before the parser gives up on it.
    const answers = await Promise.all([
      rawRequest(port, `${head(`Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n\r\n`)}${body}`),
      rawRequest(port, `${head(`Content-Length: ${body.length}\r\nX-Bad: a\u0001b\r\n\r\n`)}${body}`),
      rawRequest(port, `${head(`Content-Length: ${body.length}\r\n\r\n`)}${body}\r\nGARBAGE / HTTP/9\r\n\r\n`),
    ]);
    expect(answers.map((answer) => answer.status)).toContain(400);
    // An admin login that works and one that does not, at trace too.
    expect((await fetch(`${receiver.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${RESILIENCE_SECRETS.adminToken}` } })).status).toBe(200);
    expect((await fetch(`${receiver.url}/admin/queues/api/queues`, { headers: { authorization: `Bearer ${RESILIENCE_SECRETS.adminToken}x` } })).status).toBe(401);

    const clientErrors = await receiver.waitForLine((line) => line.msg === 'client error');
    expect(clientErrors).not.toHaveProperty('err.rawPacket');
    await receiver.waitForLine((line) => line.msg === 'admin login failed');
    // The whole run's logs, and this receiver's for what only this test knows (the email, the signature).
    expect(scanForSecrets(runLogDir(), SUITE_SECRETS)).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-scan-'));
    try {
      writeFileSync(join(dir, 'receiver.log'), readFileSync(receiver.logFile));
      expect(scanForSecrets(dir, [email, signature, RESILIENCE_SECRETS.adminToken])).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
