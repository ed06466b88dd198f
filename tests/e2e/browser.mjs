// Debian's Chromium driven by playwright-core: never downloads a browser.
import { chromium } from 'playwright-core';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const DIST = new URL('../../dist/', import.meta.url).pathname;

const ARGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** A fresh browser profile; `serviceWorkers: 'block'` simulates a browser that refuses them. */
export async function openBrowser({ serviceWorkers = 'allow' } = {}) {
  const userDataDir = await mkdtemp(join(tmpdir(), 'lastmile-e2e-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ARGS,
    headless: true,
    serviceWorkers,
    viewport: { width: 1280, height: 800 },
  });
  const page = context.pages()[0] || (await context.newPage());
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  return { context, page, errors };
}
