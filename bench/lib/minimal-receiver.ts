import { createHmac, timingSafeEqual } from 'node:crypto';
import { Queue } from 'bullmq';
import Fastify from 'fastify';
import { Redis } from 'ioredis';

/**
 * The minimal composition `serve` is measured against: Fastify, an HMAC over the raw body,
 * JSON.parse and BullMQ's `queue.add`, answering 202 once the job is in Redis. No dedupe, no
 * replay protection, no logging, no metrics. Usage: node minimal-receiver.js PORT REDIS_URL SECRET PREFIX
 */
const [port, redisUrl, secret, prefix] = process.argv.slice(2) as [string, string, string, string];
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
const queue = new Queue('events', { connection: redis, prefix });
const app = Fastify({ logger: false });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhooks/systeme', async (request, reply) => {
  const body = request.body as Buffer;
  const given = Buffer.from(String(request.headers['x-webhook-signature'] ?? ''), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return reply.code(401).send({ error: 'Unauthorized' });
  const event = String(request.headers['x-webhook-event']);
  const job = await queue.add(event, { event, payload: JSON.parse(body.toString('utf8')) as unknown });
  return reply.code(202).send({ status: 'queued', id: job.id });
});
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(port), host: '127.0.0.1' });
process.once('SIGTERM', () => void app.close().then(() => queue.close()).then(() => redis.quit()).then(() => process.exit(0)));
