import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { loadRulesFile } from '../../src/rules/load-rules-file.js';
import { phpJsonEncode } from '../../src/events/php-json.js';
import { signedHeaders } from '../helpers/deliveries.js';
import { SEED, startPipeline, type Pipeline } from '../helpers/pipeline.js';
import { startTestReceiver, type TestReceiver } from '../helpers/receiver.js';
import { testRedisUrl, uniquePrefix } from '../helpers/redis.js';
import { startServiceChild, stopAllChildren } from '../helpers/resilience-children.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';

const SECRET = RESILIENCE_SECRETS.webhook;
const prototypeKeys = () => Object.getOwnPropertyNames(Object.prototype).sort();
const polluted = () => {
  const probe = {} as Record<string, unknown>;
  return ['polluted', 'isAdmin', 'x'].filter((key) => probe[key] !== undefined);
};

/** A CONTACT_CREATED body for contact 501 (seeded) carrying `__proto__` and `constructor.prototype` at every level. */
const POISONED_BODY = `{"__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},"contact":{"id":501,"email":"ann@example.com","__proto__":{"isAdmin":true},"constructor":{"prototype":{"isAdmin":true}},"fields":[{"slug":"first_name","value":"Ann","__proto__":{"x":1}}],"tags":[]}}`;

describe('hostile payloads and rules', () => {
  const cleanups: (() => Promise<void>)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    await stopAllChildren();
  });

  async function receiverOn(prefix: string): Promise<TestReceiver> {
    const receiver = await startTestReceiver({ prefix, secrets: [SECRET], allowSingleSecretRoute: true });
    cleanups.push(async () => {
      await receiver.discard();
    });
    return receiver;
  }

  async function pipelineWith(rules: string): Promise<Pipeline> {
    const pipeline = await startPipeline({ rules, seed: SEED });
    cleanups.push(() => pipeline.close());
    return pipeline;
  }

  it('refuses an authentic body nested 10,000 levels deep as a bad request, not as a Redis outage (503)', async () => {
    const receiver = await receiverOn(uniquePrefix('deep'));
    const body = Buffer.from(`{"contact":${'['.repeat(10_000)}${']'.repeat(10_000)}}`);
    const answer = await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
    // A 503 tells Systeme.io to deliver again, forever: the same bytes can never be stored.
    expect(answer.statusCode).toBeGreaterThanOrEqual(400);
    expect(answer.statusCode).toBeLessThan(500);
    expect(await receiver.queue.getJobCountByTypes('waiting')).toBe(0);
  });

  it('refuses rules whose paths reach object internals, at load and when `work` starts', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'systeme-hooks-proto-rules-'));
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'rules.yaml');
    writeFileSync(
      file,
      `rules:
  - name: reads-proto
    on: CONTACT_CREATED
    when:
      contact.__proto__.polluted: "yes"
    do:
      - add_tag: { id: 11 }
  - name: reads-constructor
    on: CONTACT_CREATED
    when:
      contact.constructor.prototype.isAdmin: { exists: true }
    do:
      - add_tag: "seen-{{contact.__proto__.x}}"
  - name: proto-key
    on: CONTACT_CREATED
    __proto__: { polluted: "yes" }
    do:
      - add_tag: { id: 11 }
`,
    );
    const before = prototypeKeys();
    const refusal = await loadRulesFile(file).then(() => undefined, (error: unknown) => error as { problems: string[] });
    expect(refusal?.problems.join('\n')).toMatch(/"__proto__" is not allowed in a path/);
    expect(refusal?.problems.join('\n')).toMatch(/"constructor" is not allowed in a path/);
    expect(refusal?.problems.join('\n')).toMatch(/placeholder \{\{contact\.__proto__\.x\}\}: "__proto__" is not allowed/);
    expect(refusal?.problems.join('\n')).toMatch(/rules\[2\]\.__proto__: unknown key/);
    expect(prototypeKeys()).toEqual(before);
    expect(polluted()).toEqual([]);

    const work = startServiceChild('work', {
      REDIS_URL: testRedisUrl(),
      QUEUE_PREFIX: uniquePrefix('proto-work'),
      SYSTEME_API_KEY: RESILIENCE_SECRETS.apiKey,
      SYSTEME_API_URL: 'http://127.0.0.1:9',
      RULES_FILE: file,
    });
    expect((await work.exit).code).toBe(1);
    expect(readFileSync(work.logFile, 'utf8')).toContain('"__proto__" is not allowed in a path');
  });

  it('processes a delivery full of __proto__ / constructor keys, end to end, without touching Object.prototype', async () => {
    const pipeline = await pipelineWith(`
rules:
  - name: tag-seen
    on: CONTACT_CREATED
    when:
      contact.email: { ends_with: "@example.com" }
      contact.fields.value: Ann
    do:
      - add_tag: "seen-{{contact.id}}"
`);
    const receiver = await receiverOn(pipeline.config.redis.prefix);
    const before = prototypeKeys();
    const body = Buffer.from(POISONED_BODY);
    const answer = await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
    expect(answer.statusCode).toBe(202);
    const viaReceiver = await pipeline.settle(answer.json<{ id: string }>().id);
    // An older or other producer may store the keys as they are: the worker must cope too.
    const raw = await pipeline.settle(await pipeline.deliver('CONTACT_CREATED', JSON.parse(POISONED_BODY.replace('ann@', 'ann+raw@'))));

    expect(await viaReceiver.getState()).toBe('completed');
    expect(await raw.getState()).toBe('completed');
    expect(viaReceiver.returnvalue).toMatchObject({ matched: ['tag-seen'] });
    expect((await pipeline.api.contacts.get(501)).tags.map((tag) => tag.name)).toContain('seen-501');
    expect(prototypeKeys()).toEqual(before);
    expect(polluted()).toEqual([]);
  });

  it('evaluates `matches: "(a+)+$"` on 30,001 and 150,001 characters promptly, with the answer of the whole value', async () => {
    const pipeline = await pipelineWith(`
rules:
  - name: catastrophic-pattern
    on: CONTACT_CREATED
    when:
      contact.email: { matches: "(a+)+$" }
    do:
      - add_tag: { id: 11 }
`);
    const receiver = await receiverOn(pipeline.config.redis.prefix);
    // The second is longer than the 100,000 characters `matches` reads: it must not match either
    // (testing a cut-off prefix would let `$` match at the cut).
    for (const length of [30_000, 150_000]) {
      const body = Buffer.from(phpJsonEncode({ contact: { id: 501, email: `${'a'.repeat(length)}!` } }));
      const answer = await receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: body, headers: signedHeaders(body, SECRET, 'CONTACT_CREATED') });
      expect(answer.statusCode).toBe(202);
      // A backtracking engine would take longer than the universe's age; RE2 is linear.
      const job = await pipeline.settle(answer.json<{ id: string }>().id);
      expect(await job.getState()).toBe('completed');
      // The value ends with "!", so "(a+)+$" does not match it: no rule runs, nothing is written.
      expect({ length, matched: (job.returnvalue as { matched: string[] }).matched }).toEqual({ length, matched: [] });
    }
    expect(await pipeline.writes()).toEqual([]);
  });
});
