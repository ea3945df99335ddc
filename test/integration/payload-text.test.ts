import { UnrecoverableError, Worker, type Job } from 'bullmq';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createEventQueue, EVENT_QUEUE, type EventQueue } from '../../src/queue/event-queue.js';
import { runCli } from '../helpers/cli.js';
import { salePayload, SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { deletePrefix, redisClient, testRedisUrl, uniquePrefix } from '../helpers/redis.js';

/** What a terminal acts on instead of showing: C0 (but tabs and line feeds), DEL, C1 (U+009B is a CSI), bidi overrides. */
const TERMINAL_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

/** Clears the screen, sets the window title, then asks the terminal to report it back. */
const ESCAPES = '\u001b[2J\u001b[H\u001b]0;pwned\u0007\u009b2J\u001b[21t';
const EMAIL = 'victim.buyer@example.com';

// The finding: a payload first_name of ANSI escapes, rendered into a too-long tag name, failed the
// job; the error quoted the rendered name (escapes and email), and `failed show` printed it raw.
describe('payload text in a failed reaction', () => {
  let pipeline: Pipeline;
  let jobId: string;
  let failed: Job;
  beforeAll(async () => {
    pipeline = await startPipeline({
      seed: SEED,
      rules: `
rules:
  - name: tag-by-name
    on: SALE_NEW
    do:
      - add_tag: "buyer {{customer.fields.first_name}} {{customer.email}}"
`,
    });
    const payload = salePayload(501, EMAIL);
    payload.customer.fields.first_name = `${ESCAPES}${'A'.repeat(40)}`;
    jobId = await pipeline.deliver('SALE_NEW', payload);
    failed = await pipeline.settle(jobId);
  });
  afterAll(() => pipeline.close());

  it('fails the job with a reason that names the template and the rule, not the values', () => {
    expect(failed.failedReason).toBe(
      'rule "tag-by-name" action 0 (add_tag) failed: add_tag "buyer {{customer.fields.first_name}} {{customer.email}}": ' +
        `the tag name is ${6 + ESCAPES.length + 40 + 1 + EMAIL.length} characters for this event, over the Systeme.io limit of 64`,
    );
    expect(failed.failedReason).not.toContain(EMAIL);
    expect(failed.failedReason).not.toMatch(TERMINAL_CONTROL);
    expect((failed.stacktrace ?? []).join('\n')).not.toContain(EMAIL);
  });

  it('writes neither the email nor the escapes to the logs', () => {
    const text = pipeline.logs.text();
    expect(pipeline.logs.lines.some((line) => line.msg === 'event failed for good')).toBe(true);
    expect(text).not.toContain(EMAIL);
    expect(text).not.toContain('\\u001b');
    expect(text).not.toMatch(TERMINAL_CONTROL);
  });

  it('`failed list` and `failed show` print the stored payload as data: no escape reaches the terminal', async () => {
    const env = { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: pipeline.config.redis.prefix };
    const list = await runCli(['failed', 'list'], env);
    expect(list.code, list.stderr).toBe(0);
    expect(list.stdout).toContain(jobId);
    expect(list.stdout).not.toMatch(TERMINAL_CONTROL);

    const show = await runCli(['failed', 'show', jobId], env);
    expect(show.code, show.stderr).toBe(0);
    expect(show.stdout).not.toMatch(TERMINAL_CONTROL);
    // The payload is shown, its control characters spelled out.
    expect(show.stdout).toContain('\\u001b[2J\\u001b[H\\u001b]0;pwned\\u0007\\u009b2J');
    expect(show.stdout).toContain(EMAIL);

    const json = await runCli(['failed', 'show', jobId, '--json'], env);
    expect(json.stdout).not.toMatch(TERMINAL_CONTROL);
    // Still valid JSON, and the exact stored text once parsed.
    const parsed = JSON.parse(json.stdout) as { payload: { customer: { fields: { first_name: string } } } };
    expect(parsed.payload.customer.fields.first_name).toBe(`${ESCAPES}${'A'.repeat(40)}`);
  }, 90_000);
});

describe('every CLI output escapes control characters, whatever wrote them into Redis', () => {
  const prefix = uniquePrefix('cli-escapes');
  let queue: EventQueue;
  const redis = redisClient();
  const cleanups: (() => Promise<unknown>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  afterAll(async () => {
    await deletePrefix(redis, prefix);
    redis.disconnect();
  });

  it('in a failed reason, a message id and a stack trace (an older version, an API error text)', async () => {
    queue = createEventQueue({ connection: redisClient(), prefix, attempts: 1 });
    cleanups.push(() => queue.close());
    const reason = `API said: ${ESCAPES}\nrule "fake" action 0 done\r\u202eevil`;
    const messageId = `msg-\u001b[31mred\u009b0m-\u2066`;
    const job = await queue.add('SALE_NEW', {
      event: 'SALE_NEW',
      messageId,
      eventTimestamp: null,
      receivedAt: new Date().toISOString(),
      schemaVersion: null,
      route: 'event',
      payload: { customer: { contactId: 501, email: EMAIL } },
    });
    const worker = new Worker(
      EVENT_QUEUE,
      async () => {
        throw new UnrecoverableError(reason);
      },
      { connection: { url: testRedisUrl(), maxRetriesPerRequest: null }, prefix },
    );
    cleanups.push(() => worker.close());
    await new Promise<void>((resolve) => worker.once('failed', () => resolve()));

    const env = { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix };
    for (const args of [['failed', 'list'], ['failed', 'show', job.id!], ['failed', 'list', '--json'], ['failed', 'show', job.id!, '--json'], ['failed', 'retry', job.id!]]) {
      const result = await runCli(args, env);
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout, args.join(' ')).not.toMatch(TERMINAL_CONTROL);
      expect(result.stderr, args.join(' ')).not.toMatch(TERMINAL_CONTROL);
    }
    // After the retry (the worker fails it again), shown as data with every character accounted for.
    const show = await runCli(['failed', 'show', job.id!], env);
    expect(show.stdout).toContain('msg-\\u001b[31mred\\u009b0m-\\u2066');
    // One value, one line: the reason's own line breaks cannot fake another line of the report.
    expect(show.stdout.split('\n').filter((line) => line.trimStart().startsWith('rule "fake"'))).toEqual([]);
    expect(show.stdout).toContain('\\u000arule "fake" action 0 done\\u000d\\u202eevil');
  }, 120_000);

  it('in an error message', async () => {
    const result = await runCli(['failed', 'show', `no-such-job-\u001b]0;pwned\u0007`], { REDIS_URL: testRedisUrl(), QUEUE_PREFIX: prefix });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('No job no-such-job-\\u001b]0;pwned\\u0007');
    expect(result.stderr).not.toMatch(TERMINAL_CONTROL);
  });
});
