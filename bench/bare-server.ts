import Fastify from 'fastify';

/** The baseline: a bare Fastify endpoint that answers 202 without verifying or queueing. */
const app = Fastify({ logger: false });
app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
app.post('/webhooks/systeme', async (_request, reply) => reply.code(202).send({ status: 'queued' }));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.argv[2] ?? 0), host: '127.0.0.1' });
// Stops like the service does: finish what is in flight, then exit 0.
process.once('SIGTERM', () => void app.close().then(() => process.exit(0)));
