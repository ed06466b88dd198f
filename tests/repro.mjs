import { serve } from './e2e/server.mjs';
import { openBrowser, DIST } from './e2e/browser.mjs';
import { appIdle, planButtonEnabled } from './e2e/flows.mjs';
const MODE = process.argv[3] || 'sample';
const N = Number(process.argv[2] || 10);
let hangs = 0;
for (let k = 0; k < N; k++) {
  const server = await serve({ root: DIST, isolation: true });
  const { context, page, errors } = await openBrowser();
  const logs = [];
  page.on('console', (m) => logs.push(m.text()));
  try {
    await page.goto(server.url);
    if (MODE.includes('early')) await planButtonEnabled(page); else await appIdle(page);
    const before = await page.getByTestId('status').textContent();
    if (MODE.includes('file')) await page.getByTestId('import-files').setInputFiles([DIST + 'samples/lyon-orders.csv']);
    else await page.getByTestId('sample-select').selectOption('lyon-300.json');
    try {
      await page.waitForFunction((b) => (document.querySelector('[data-testid=status]')?.textContent || '') !== b, before, { timeout: 15000 });
      console.log(k, 'ok');
    } catch (e) {
      hangs++;
      const status = await page.getByTestId('status').textContent();
      const probe = await page.evaluate(async () => {
        const t = await new Promise((r) => setTimeout(() => r('timer ok'), 100));
        const f = await fetch('samples/LM-RC100.txt').then((r) => r.text()).then((t) => 'fetch ok ' + t.length);
        return t + ' / ' + f;
      });
      console.log(k, 'HANG', status, probe, errors, logs.slice(-20));
      // does a click still do anything?
      await page.getByTestId('tab-timeline').click();
      console.log('  tab selected:', await page.getByTestId('tab-timeline').getAttribute('aria-selected'));
    }
  } finally {
    await context.close();
    await server.close();
  }
}
console.log('hangs', hangs, 'of', N);
