import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { eventFromKebab, EVENT_TYPES, type EventType } from '../events/event-types.js';
import { deliveryStep, type PendingDelivery } from '../history/delivery-step.js';
import type { HistoryWriter } from '../history/history-store.js';
import { IntakeUnavailableError, type Intake } from '../queue/intake-port.js';
import { readDelivery, type Delivery } from './read-delivery.js';
import type { ReceiverMetrics } from './receiver-metrics.js';
import { deriveEventSecret } from './signature.js';

export interface WebhookPluginOptions {
  intake: Intake;
  metrics: ReceiverMetrics;
  /** Master secrets, current first. */
  secrets: readonly string[];
  /** Largest body read, bytes. */
  bodyLimit: number;
  /** Serve `POST /webhooks/systeme` (one secret for every event). Default false (docs/security.md). */
  allowSingleSecretRoute?: boolean;
  /** Where each accepted delivery is recorded, after the answer is sent. Default: nowhere. */
  history?: HistoryWriter | undefined;
}

interface DeliveryLog {
  event: string;
  outcome: string;
  messageId?: string;
  jobId?: string;
  reason?: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    delivery?: DeliveryLog;
    /** The accepted delivery, for the contact's history. */
    accepted?: PendingDelivery;
  }
}

const UNAUTHORIZED = { error: 'Unauthorized', message: 'Invalid or missing webhook signature' };

/** The webhook routes: raw bytes → verify → parse → validate → enqueue → 202. Never calls Systeme.io. */
export async function webhookPlugin(app: FastifyInstance, options: WebhookPluginOptions): Promise<void> {
  // Scoped to this plugin: the body stays the exact bytes that were signed.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('application/json', { parseAs: 'buffer', bodyLimit: options.bodyLimit }, (_req, body, done) =>
    done(null, body),
  );

  const eventSecrets = new Map<EventType, string[]>(
    EVENT_TYPES.map((type) => [type, options.secrets.map((secret) => deriveEventSecret(secret, type))]),
  );

  // Callback style: no promise per request.
  app.addHook('onResponse', (request, reply, done) => {
    try {
      const delivery = request.delivery ?? { event: 'unknown', outcome: outcomeOfStatus(reply.statusCode) };
      options.metrics.deliveries.inc({ event: delivery.event, outcome: delivery.outcome });
      const line = { ...delivery, status: reply.statusCode, ms: Math.round(reply.elapsedTime * 100) / 100 };
      if (reply.statusCode >= 400) request.log.warn(line, 'delivery refused');
      else if (delivery.outcome === 'replayed') request.log.warn(line, 'replay not queued');
      else request.log.info(line, 'delivery');
      // After the answer, and not awaited: the history never slows or fails a delivery.
      const history = options.history;
      const step = history && request.accepted ? deliveryStep(request.accepted, delivery, reply.statusCode) : undefined;
      if (history && step) {
        history.append(step.contact, [step]).catch((err: unknown) => {
          request.log.warn({ err, messageId: delivery.messageId }, 'history not written');
        });
      }
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  });

  async function receive(request: FastifyRequest, reply: FastifyReply, delivery: Delivery, route: 'single' | 'event') {
    switch (delivery.kind) {
      case 'unauthorized':
        request.delivery = { event: 'unknown', outcome: 'unauthorized', reason: delivery.reason };
        return reply.code(401).send(UNAUTHORIZED);
      case 'bad_request':
        request.delivery = { event: delivery.event ?? 'unknown', outcome: 'bad_request', reason: delivery.message };
        return reply.code(400).send({ error: 'Bad Request', message: delivery.message });
      case 'ignored':
        // Authentic but not ours to handle: 2xx, so Systeme.io's success rate stays healthy.
        request.delivery = { event: 'unknown', outcome: 'ignored', reason: `event ${delivery.event}` };
        if (delivery.messageId) request.delivery.messageId = delivery.messageId;
        return reply.code(202).send({ status: 'ignored' });
      case 'accept': {
        const log: DeliveryLog = { event: delivery.event, outcome: 'queued', messageId: delivery.job.messageId };
        request.delivery = log;
        request.accepted = { event: delivery.event, messageId: delivery.job.messageId, payload: delivery.job.payload };
        try {
          // One secret signs every event there, so the body is bound to the first event it came as.
          const result = await options.intake.enqueue(
            delivery.job,
            delivery.dedupeId,
            route === 'single' && delivery.bodyDigest !== undefined ? { bodyDigest: delivery.bodyDigest } : {},
          );
          if (result.jobId) log.jobId = result.jobId;
          if (result.status === 'replayed') {
            // Authentic, so 2xx; but a sale seen again under a new message id, or a body seen
            // under another event, is what a replay looks like (docs/systeme-io.md#unsigned-headers): warn, count.
            log.outcome = 'replayed';
            log.reason = result.reason;
            return reply.code(200).send({ status: 'replayed' });
          }
          if (result.status === 'duplicate') {
            log.outcome = 'duplicate';
            return reply.code(200).send({ status: 'duplicate', id: result.jobId });
          }
          if (delivery.invalid) {
            log.outcome = 'invalid_payload';
            log.reason = delivery.invalid;
          }
          return reply.code(202).send({ status: 'queued', id: result.jobId });
        } catch (error) {
          if (error instanceof IntakeUnavailableError) {
            log.outcome = 'unavailable';
            request.log.error({ err: error.cause }, 'redis did not take the job');
            return reply.code(503).header('retry-after', '5').send({
              error: 'Service Unavailable',
              message: 'The queue is unavailable; nothing was stored. Retry later.',
            });
          }
          throw error;
        }
      }
    }
  }

  if (options.allowSingleSecretRoute === true) {
    app.post('/webhooks/systeme', async (request, reply) =>
      receive(request, reply, readDelivery(bodyOf(request), request.headers, { secrets: options.secrets, route: 'single' }), 'single'),
    );
  }

  app.post<{ Params: { event: string } }>('/webhooks/systeme/:event', async (request, reply) => {
    const event = eventFromKebab(request.params.event);
    if (event === undefined) {
      request.delivery = { event: 'unknown', outcome: 'not_found' };
      return reply.code(404).send({ error: 'Not Found', message: `No webhook route for event "${request.params.event}"` });
    }
    const secrets = eventSecrets.get(event) ?? [];
    return receive(request, reply, readDelivery(bodyOf(request), request.headers, { secrets, expectedEvent: event, route: 'event' }), 'event');
  });
}

function bodyOf(request: FastifyRequest): Buffer {
  return Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
}

function outcomeOfStatus(status: number): string {
  if (status === 413) return 'too_large';
  if (status === 415) return 'unsupported_media_type';
  if (status === 401) return 'unauthorized';
  if (status === 503) return 'unavailable';
  if (status >= 500) return 'error';
  return 'bad_request';
}
