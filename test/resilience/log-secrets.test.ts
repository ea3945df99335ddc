import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../helpers/log-capture.js';
import { runLogDir, stopAllChildren } from '../helpers/resilience-children.js';
import { createSender } from '../helpers/resilience-load.js';
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
      expect(hits).toEqual([{ file: join(dir, 'leak.log'), line: 2, secret: `${RESILIENCE_SECRETS.apiKey.slice(0, 4)}…(${RESILIENCE_SECRETS.apiKey.length} chars)` }]);
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
    stack = await startStack({ contacts: 3, env: { LOG_LEVEL: 'trace' } });
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
});
