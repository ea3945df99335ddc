import { Worker } from 'bullmq';
import { Redis } from 'ioredis';

/** The baseline: a BullMQ worker on the same queue whose processor does nothing. */
const [url, prefix, concurrency] = process.argv.slice(2);
const connection = new Redis(url!, { maxRetriesPerRequest: null });
const worker = new Worker('events', async () => undefined, { connection, prefix: prefix!, concurrency: Number(concurrency ?? 10) });
process.once('SIGTERM', () => void worker.close().then(() => process.exit(0)));
