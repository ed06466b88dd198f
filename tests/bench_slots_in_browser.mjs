// The slot-query benchmark in headless Chromium: the app's "Engine speed in this browser"
// button (500 queries on a generated 2,000-order plan, in the compute worker), printed as the
// same table as `lastmile bench --slots`. Run `cargo xtask dist` first; then
// `node tests/bench_slots_in_browser.mjs [runs]`.
import { serve } from './e2e/server.mjs';
import { openBrowser, DIST } from './e2e/browser.mjs';
import { appIdle } from './e2e/flows.mjs';

const runs = Number(process.argv[2] || 3);
const server = await serve({ root: DIST, isolation: true });
const { context, page } = await openBrowser();
try {
  await page.goto(server.url);
  await appIdle(page);
  await page.getByTestId('page-checkout').click();
  await page.getByText('Engine speed in this browser').click();
  console.log('# slot queries in the browser (Chromium, compute worker) — 500 queries per run');
  console.log('| run | plan | p50 ms | p95 ms | p99 ms | max ms |');
  console.log('|---:|---|---:|---:|---:|---:|');
  for (let k = 1; k <= runs; k++) {
    await page.getByTestId('co-speed').click();
    await page.waitForFunction(() => document.querySelector('[data-testid=co-speed]')?.textContent === 'Measure slot queries', null, { timeout: 300_000 });
    const cells = await page.getByTestId('co-speed-result').locator('dd').allInnerTexts();
    console.log(`| ${k} | ${cells[0]} | ${cells.slice(1).map((c) => c.replace(' ms', '')).join(' | ')} |`);
  }
} finally {
  await context.close();
  await server.close();
}
