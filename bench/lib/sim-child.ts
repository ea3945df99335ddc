import { createSimulator } from '../../src/sim/index.js';

/**
 * The simulator in a process of its own, so the load generator's schedule does not share an
 * event loop with 2,000 API requests a second. argv: API key, number of contacts (ids 1…N).
 * Prints `{"url": …}` once listening; stops on SIGTERM.
 */
const [apiKey = '', contacts = '0'] = process.argv.slice(2);
const sim = createSimulator({
  apiKey,
  // No quota in the way: the service's own SYSTEME_RATE_LIMIT is what is measured.
  rateLimit: { max: 1_000_000_000, durationMs: 1000 },
  seed: {
    tags: [{ id: 11, name: 'Customers' }],
    contacts: Array.from({ length: Number(contacts) }, (_, i) => ({ id: i + 1, email: `c${i + 1}@example.com` })),
  },
});
const url = await sim.listen(0, '127.0.0.1');
process.stdout.write(`${JSON.stringify({ url })}\n`);
process.once('SIGTERM', () => void sim.close().then(() => process.exit(0)));
