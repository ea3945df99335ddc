import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReceiverProcess, type ReceiverProcess } from '../../src/cli/receiver-process.js';
import { createLogger } from '../../src/config/logger.js';
import { loadConfig } from '../../src/config/load-config.js';
import { EVENT_QUEUE } from '../../src/queue/event-queue.js';
import { fixtureBody, signedHeaders } from '../helpers/deliveries.js';
import { uniquePrefix } from '../helpers/redis.js';
import { RESILIENCE_SECRETS } from '../helpers/secrets.js';
import { startSentinelGroup, type SentinelGroup } from '../helpers/start-sentinel.js';

const SECRET = RESILIENCE_SECRETS.webhook;

/** The receiver as `serve` runs it, on the group through its sentinel, with REDIS_ACK_REPLICAS. */
async function receiverOn(group: SentinelGroup, ackReplicas: number, prefix: string): Promise<ReceiverProcess> {
  const config = loadConfig({
    REDIS_SENTINELS: group.sentinelList,
    REDIS_SENTINEL_NAME: group.name,
    REDIS_ACK_REPLICAS: String(ackReplicas),
    REDIS_ACK_TIMEOUT: '300ms',
    QUEUE_PREFIX: prefix,
    SYSTEME_WEBHOOK_SECRET: SECRET,
    PORT: '0',
    HOST: '127.0.0.1',
    HISTORY_RETENTION: '0',
    // The single-secret route, signed with the secret itself.
    ALLOW_SINGLE_SECRET_ROUTE: 'true',
  });
  return startReceiverProcess({ config, logger: createLogger({ level: 'silent' }) });
}

describe('REDIS_ACK_REPLICAS: a 2xx only for what a replica holds', () => {
  let group: SentinelGroup;
  const opened: { close(): Promise<void> }[] = [];
  const replicaClients: Redis[] = [];
  beforeAll(async () => {
    group = await startSentinelGroup({ replicas: 2, sentinels: 1 });
  });
  afterAll(async () => {
    for (const item of opened) await item.close();
    for (const client of replicaClients) client.disconnect();
    await group?.stop();
  });

  const post = (receiver: ReceiverProcess, headers = signedHeaders(fixtureBody('contact-created.json'), SECRET, 'CONTACT_CREATED')) =>
    receiver.app.inject({ method: 'POST', url: '/webhooks/systeme', payload: fixtureBody('contact-created.json'), headers });
  const onReplica = (index: number) => {
    const client = new Redis(group.nodes[index]!.url, { maxRetriesPerRequest: 1 });
    replicaClients.push(client);
    return client;
  };

  it('answers 202 once the job is on a replica, 503 with Retry-After while no replica confirms, and 200 for the redelivery once one does', async () => {
    const prefix = uniquePrefix('ack');
    const receiver = await receiverOn(group, 1, prefix);
    opened.push(receiver);
    const replica = onReplica(1);

    const first = await post(receiver);
    expect(first.statusCode).toBe(202);
    // Read from a replica the moment the 2xx is out: the job is already there.
    const { id } = first.json<{ id: string }>();
    expect(await replica.exists(`${prefix}:${EVENT_QUEUE}:${id}`)).toBe(1);

    // Neither replica answers: nothing is acknowledged, and Systeme.io is told to come back.
    for (const node of group.nodes.slice(1)) node.pause();
    const headers = signedHeaders(fixtureBody('contact-created.json'), SECRET, 'CONTACT_CREATED');
    let refused;
    try {
      refused = await post(receiver, headers);
    } finally {
      for (const node of group.nodes.slice(1)) node.resume();
    }
    expect(refused.statusCode).toBe(503);
    expect(refused.headers['retry-after']).toBeDefined();

    // The redelivery finds the job stored by the refused attempt, and is confirmed before its 2xx.
    const again = await post(receiver, headers);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ status: 'duplicate' });
    const jobId = again.json<{ id: string }>().id;
    expect(await replica.exists(`${prefix}:${EVENT_QUEUE}:${jobId}`)).toBe(1);
  });

  it('answers 503 when more replicas are required than exist', async () => {
    const receiver = await receiverOn(group, 3, uniquePrefix('ack-three'));
    opened.push(receiver);
    const answer = await post(receiver);
    expect(answer.statusCode).toBe(503);
    expect(answer.headers['retry-after']).toBeDefined();
  });
});
