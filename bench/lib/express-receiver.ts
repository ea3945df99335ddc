import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Server } from 'node:http';
import { Queue } from 'bullmq';
import express from 'express';
import { Redis } from 'ioredis';

/**
 * A receiver as one would write it by hand with Express: raw body, HMAC, JSON.parse, BullMQ
 * `queue.add`, 202 once the job is in Redis. A baseline of `bench:ingest`.
 * Usage: node express-receiver.js PORT REDIS_URL SECRET PREFIX
 */
const [port, redisUrl, secret, prefix] = process.argv.slice(2) as [string, string, string, string];
const redis = new Redis(redisUrl, { maxRetriesPerRequest: 1 });
const queue = new Queue('events', { connection: redis, prefix });
const app = express();
app.post('/webhooks/systeme', express.raw({ type: 'application/json', limit: '1mb' }), (request, response, next) => {
  const body = request.body as Buffer;
  const given = Buffer.from(String(request.headers['x-webhook-signature'] ?? ''), 'hex');
  const expected = createHmac('sha256', secret).update(body).digest();
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    response.status(401).json({ error: 'Unauthorized' });
    return;
  }
  const event = String(request.headers['x-webhook-event']);
  queue
    .add(event, { event, payload: JSON.parse(body.toString('utf8')) as unknown })
    .then((job) => response.status(202).json({ status: 'queued', id: job.id }))
    .catch(next);
});
app.get('/healthz', (_request, response) => {
  response.json({ status: 'ok' });
});
const server: Server = await new Promise((resolve) => {
  const listening = app.listen(Number(port), '127.0.0.1', () => resolve(listening));
});
process.once('SIGTERM', () => {
  server.closeIdleConnections();
  server.close(() => void queue.close().then(() => redis.quit()).then(() => process.exit(0)));
});
