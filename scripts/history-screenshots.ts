// Screenshots of the history page for docs/history.md: runs the demo's loop with the page on
// (test/helpers/history-scenario.ts) on a Redis of its own (REDIS_URL, else a redis-server from
// PATH), and saves docs/history-*.png with Debian's Chromium. Run `npm run docs:screenshots`.
import { fileURLToPath } from 'node:url';
import { startRedisBinary, waitForRedis } from '../src/cli/demo/local-redis.js';
import { launchChromium } from '../test/helpers/chromium.js';
import { BUYER, HOSTILE, startHistoryScenario } from '../test/helpers/history-scenario.js';

const docs = (name: string) => fileURLToPath(new URL(`../../docs/${name}`, import.meta.url));

const redis = process.env.REDIS_URL ? undefined : await startRedisBinary();
const redisUrl = process.env.REDIS_URL ?? redis!.url;
await waitForRedis(redisUrl);
const scenario = await startHistoryScenario(redisUrl);
const browser = await launchChromium({ credentials: { username: 'admin', password: scenario.adminToken }, viewport: { width: 1200, height: 900 } });
try {
  const page = await browser.context.newPage();
  const search = (query: string) => `${scenario.baseUrl}/admin?q=${encodeURIComponent(query)}`;
  await page.goto(search(BUYER));
  await page.screenshot({ path: docs('history-contact.png'), fullPage: true });
  console.log('docs/history-contact.png: the buyer, with a delivery failed for good');

  await scenario.createMissingField();
  await page.locator('button', { hasText: 'Retry job' }).click();
  await scenario.waitForTimeline((t) => t.deliveries.every((d) => d.status === 'completed'), 'the retried job');
  await page.goto(search(BUYER));
  await page.screenshot({ path: docs('history-retried.png'), fullPage: true });
  console.log('docs/history-retried.png: after pressing Retry job');

  await page.goto(search(HOSTILE));
  await page.screenshot({ path: docs('history-hostile.png') });
  console.log('docs/history-hostile.png: a first name made of markup, shown as text');
} finally {
  await browser.close();
  await scenario.close();
  await redis?.stop();
}
