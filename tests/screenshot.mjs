// Renders the README's images at 1280×800: docs/screenshot.png (the Lyon city sample planned)
// and docs/checkout.png (a booking day on it, feasibility policy, an address checked).
// Run after `cargo xtask dist`: node tests/screenshot.mjs
import { serve } from './e2e/server.mjs';
import { openBrowser, DIST } from './e2e/browser.mjs';

const server = await serve({ root: DIST, isolation: true });
const { context, page } = await openBrowser();
try {
  await page.goto(server.url);
  await page.waitForFunction(() => !document.querySelector('[data-testid=plan-routes]')?.disabled, null, { timeout: 60_000 });
  await page.getByTestId('sample-select').selectOption('lyon-300.json');
  await page.waitForFunction(() => /300 orders/.test(document.querySelector('[data-testid=status]')?.textContent || ''), null, { timeout: 60_000 });
  await page.getByTestId('time-limit').fill('3');
  await page.getByTestId('time-limit').dispatchEvent('change');
  await page.getByTestId('plan-routes').click();
  await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
  await page.getByTestId('route-row').nth(0).click();
  await page.screenshot({ path: new URL('../docs/screenshot.png', import.meta.url).pathname });

  await page.getByTestId('page-checkout').click();
  await page.getByTestId('co-run').click();
  await page.getByText(/Booking day done/).waitFor({ timeout: 120_000 });
  await page.getByTestId('policy-row').nth(1).click();
  await page.getByTestId('heat-moment').fill('20');
  await page.getByTestId('area-map').click({ position: { x: 250, y: 160 } });
  await page.getByTestId('address-slots').waitFor({ timeout: 60_000 });
  await page.getByTestId('policy-table').scrollIntoViewIfNeeded();
  await page.screenshot({ path: new URL('../docs/checkout.png', import.meta.url).pathname });
} finally {
  await context.close();
  await server.close();
}
