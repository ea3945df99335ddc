import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type Browser } from '../helpers/chromium.js';
import { BUYER, HOSTILE, HOSTILE_NAME, startHistoryScenario, type HistoryScenario } from '../helpers/history-scenario.js';
import { testRedisUrl } from '../helpers/redis.js';

let scenario: HistoryScenario;
let reader: Browser;

beforeAll(async () => {
  scenario = await startHistoryScenario(testRedisUrl());
  // The page is read with JavaScript off: it must work without it.
  reader = await launchChromium({ javaScriptEnabled: false, credentials: { username: 'admin', password: scenario.adminToken } });
}, 120_000);

afterAll(async () => {
  await reader?.close();
  await scenario?.close();
});

describe('the history page in a real browser', () => {
  it('finds the buyer by email and shows the sale and the refund with their rules and actions, then retries a failure for good', async () => {
    const page = await reader.context.newPage();
    const refused: string[] = [];
    page.on('console', (message) => refused.push(message.text()));
    await page.goto(`${scenario.baseUrl}/admin`);
    await page.fill('input[name="q"]', BUYER);
    await page.click('button[type="submit"]');
    expect(new URL(page.url()).searchParams.get('q')).toBe(BUYER);
    await expect.poll(() => page.locator('.contact h2').textContent()).toBe(BUYER);

    const card = (event: string) => page.locator('article.delivery', { has: page.locator('.event', { hasText: new RegExp(`^${event}$`) }) });
    const sale = card('SALE_NEW');
    const refund = card('SALE_CANCELED');
    expect(await sale.count()).toBe(1);
    expect(await refund.count()).toBe(1);
    const saleText = await sale.innerText();
    expect(saleText).toContain('queued (HTTP 202), price plan 3456 (Monthly)');
    expect(saleText).toContain('buyers-get-the-course: matched');
    expect(saleText).toContain('buyers-get-the-course#2 enroll course 680647 (full_access) → done');
    expect(saleText).toMatch(/POST \/api\/school\/courses\/\{id\}\/enrollments → 201/);
    const refundText = await refund.innerText();
    expect(refundText).toContain('refunds-lose-access: matched');
    expect(refundText).toContain('refunds-lose-access#1 unenroll course 680647 → done');
    expect(refundText).toContain('refunds-lose-access#3 remove_tag "Customers" → done');
    // Newest first: the refund comes before the sale.
    const events = await page.locator('article.delivery .event').allTextContents();
    expect(events.indexOf('SALE_CANCELED')).toBeLessThan(events.indexOf('SALE_NEW'));
    // Each delivery links to its job in the queue dashboard.
    const saleJob = (await scenario.timeline())!.deliveries.find((d) => d.event === 'SALE_NEW')!.jobIds[0]!;
    expect(await sale.locator(`a[href="/admin/queues/queue/events/${saleJob}"]`).count()).toBe(1);

    // The vip tag: one action failed for good (its contact field is missing), with a retry button.
    const failed = page.locator('article.delivery.status-failed');
    expect(await failed.count()).toBe(1);
    const failedText = await failed.innerText();
    expect(failedText).toContain('vip-since: matched');
    expect(failedText).toMatch(/vip-since#0 set_field vip_since = "vip" → failed: .*vip_since.* \(not retried\)/);
    expect(failedText).toMatch(/attempt 1 of 10: FAILED for good/);
    expect(failedText).toContain('tag.name eq "cancel-requested" (saw "vip")');

    const messageId = (await failed.locator('.meta code').textContent())!;
    const vipCard = () => page.locator('article.delivery', { has: page.locator('.meta code', { hasText: messageId }) });
    await scenario.createMissingField();
    await failed.locator('button', { hasText: 'Retry job' }).click();
    await expect.poll(() => page.locator('.notice').textContent()).toMatch(/is back in the queue/);
    // Reload (as an operator would) until the retried job has run.
    await expect
      .poll(async () => {
        await page.reload();
        return vipCard().getAttribute('class');
      }, { timeout: 30_000, interval: 250 })
      .toContain('status-completed');
    const retried = await vipCard().innerText();
    expect(retried).toContain('vip-since#0 set_field vip_since = "vip" → failed');
    expect(retried).toContain('vip-gets-the-first-modules#0 enroll course 680647 (partial_access, modules 1, 2) → done_before');
    expect(retried).toContain('vip-since#0 set_field vip_since = "vip" → done');
    expect(retried).toMatch(/attempt 1 of 10: FAILED for good[\s\S]*attempt 1 of 10: completed/);
    expect(await page.locator('button', { hasText: 'Retry job' }).count()).toBe(0);
    // The stylesheet loaded under the page's own policy: nothing was refused.
    expect(refused.filter((text) => /Content Security Policy|Refused/.test(text))).toEqual([]);
    expect(await page.locator('main').evaluate((main) => main.ownerDocument.defaultView!.getComputedStyle(main).maxWidth)).toBe('1100px');
    await page.close();
  }, 120_000);

  it('shows a first name made of markup as text, and runs nothing', async () => {
    const browser = await launchChromium({ javaScriptEnabled: true, credentials: { username: 'admin', password: scenario.adminToken } });
    try {
      const page = await browser.context.newPage();
      const dialogs: string[] = [];
      page.on('dialog', (dialog) => {
        dialogs.push(dialog.message());
        void dialog.dismiss();
      });
      await page.goto(`${scenario.baseUrl}/admin?q=${encodeURIComponent(HOSTILE)}`);
      await expect.poll(() => page.locator('.contact h2').textContent()).toBe(HOSTILE_NAME);
      expect(await page.getByText(HOSTILE_NAME, { exact: true }).isVisible()).toBe(true);
      expect(await page.locator('script').count()).toBe(0);
      // A query made of markup is shown as typed, too.
      await page.goto(`${scenario.baseUrl}/admin?q=${encodeURIComponent('<img src=x onerror=alert(2)>@example.com')}`);
      expect(await page.locator('.empty').textContent()).toContain('<img src=x onerror=alert(2)>@example.com');
      expect(await page.locator('img').count()).toBe(0);
      expect(dialogs).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 120_000);
});
