import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

// Shared by the browser test and scripts/history-screenshots.ts: no test runner imports here.

/** Debian's Chromium (apt-get install chromium); .ci/run installs it. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export interface BrowserOptions {
  /** Basic-auth credentials the browser answers a 401 challenge with. */
  credentials?: { username: string; password: string };
  javaScriptEnabled?: boolean;
  viewport?: { width: number; height: number };
}

/** Headless system Chromium with a fresh profile; fails (never skips) when Chromium is not installed. */
export async function launchChromium(options: BrowserOptions = {}): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is not installed at ${CHROMIUM_PATH}: the browser test needs it (apt-get install chromium); .ci/run installs it`);
  }
  const profile = mkdtempSync(join(tmpdir(), 'systeme-hooks-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: ARGS,
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    viewport: options.viewport ?? { width: 1200, height: 900 },
    ...(options.credentials ? { httpCredentials: options.credentials } : {}),
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
