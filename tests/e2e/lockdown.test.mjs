// Locked down to ship: a planner's whole day — files imported, a plan, a stop moved, exports
// downloaded, a booking day at the checkout — sends no request off the page's origin and breaks
// no rule of the Content-Security-Policy, in the page or in its workers. The policy comes as the
// page's meta tag and as a header (as a host that can send headers should), so the compute worker
// and the rayon workers run under it too. A blocked image and a blocked fetch at the end prove
// that a violation would have been seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, pagePolicy } from './server.mjs';
import { openBrowser, DIST } from './browser.mjs';
import { appIdle, planAndCheck, setTimeLimit, watchStatus, statusChangedTo } from './flows.mjs';

const BLOCKED = 'https://blocked.invalid/';

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testid).click()]);
  return readFile(await file.path(), 'utf8');
}

/** Records every CSP violation: `securitypolicyviolation` events and the console's reports. */
async function watchViolations(context, page) {
  const seen = [];
  const note = (where, text) => seen.push(`${where}: ${text}`);
  const reported = (m) => /Content.Security.Policy/i.test(m.text());
  await context.exposeFunction('lastmileViolation', (text) => note('page', text));
  await context.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      window.lastmileViolation(`${e.effectiveDirective} blocked ${e.blockedURI || e.sample}`);
    });
  });
  page.on('console', (m) => { if (reported(m)) note('console', m.text()); });
  const workers = new Set();
  page.on('worker', (worker) => {
    workers.add(worker);
    worker.on('close', () => workers.delete(worker));
    worker.on('console', (m) => { if (reported(m)) note(`console of ${worker.url()}`, m.text()); });
    // Events are kept in the worker and read at the end (a worker has no exposed functions).
    worker.evaluate(() => {
      self.lastmileViolations = [];
      self.addEventListener('securitypolicyviolation', (e) => {
        self.lastmileViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || e.sample}`);
      });
    }).catch(() => {});
  });
  /**
   * What was seen so far, with the events of every worker that answers within a second (a rayon
   * thread parked in `Atomics.wait` never does: its console reports are all there is of it).
   */
  return async () => {
    const all = [...seen];
    for (const worker of workers) {
      const late = new Promise((resolve) => setTimeout(() => resolve([]), 1_000));
      const found = await Promise.race([worker.evaluate(() => self.lastmileViolations || []).catch(() => []), late]);
      all.push(...found.map((text) => `worker ${worker.url()}: ${text}`));
    }
    return all;
  };
}

test('a whole day in the app stays on its origin and within its Content-Security-Policy', async () => {
  const server = await serve({ root: DIST, isolation: true });
  const { context, page, errors } = await openBrowser();
  const origin = new URL(server.url).origin;
  const requests = [];
  const failures = [];
  context.on('request', (request) => requests.push(request.url()));
  context.on('requestfailed', (request) => failures.push(`${request.url()} ${request.failure()?.errorText}`));
  const violations = await watchViolations(context, page);
  try {
    const response = await page.goto(server.url);
    const policy = await pagePolicy(DIST);
    assert.equal(response.headers()['content-security-policy'], policy, 'the header is the meta tag');
    assert.match(policy, /script-src 'self' 'wasm-unsafe-eval';/);
    await appIdle(page);

    // Import: the Lyon day as a planner's three CSV files.
    const samples = join(DIST, 'samples');
    const files = [];
    for (const name of ['lyon-orders.csv', 'lyon-vehicles.csv', 'lyon-depots.csv']) {
      files.push({ name, mimeType: 'text/csv', buffer: await readFile(join(samples, name)) });
    }
    await watchStatus(page);
    await page.getByTestId('import-files').setInputFiles(files);
    await statusChangedTo(page, /300 orders/);

    // Plan, on the engine's threads.
    assert.ok(Number(await page.getByTestId('threads').getAttribute('data-threads')) > 1, 'the rayon pool runs');
    await setTimeLimit(page, 1);
    await planAndCheck(page);

    // Edit: the first stop of the first route moves to the second route.
    const rows = page.getByTestId('route-row');
    const target = (await rows.nth(1).locator('td').first().textContent()).trim();
    const before = Number(await rows.nth(1).locator('td').nth(2).textContent());
    await rows.nth(0).click();
    await page.getByTestId('stop-table').waitFor();
    // The list of vehicles is filled when the select is opened or focused.
    await page.getByTestId('stop-move').first().focus();
    await page.getByTestId('stop-move').first().selectOption(target);
    await page.getByText(/Plan updated/).waitFor({ timeout: 30_000 });
    const moved = page.getByTestId('route-row').filter({ has: page.locator('td:first-child', { hasText: new RegExp(`^\\s*${target}\\s*$`) }) });
    assert.equal(Number(await moved.locator('td').nth(2).textContent()), before + 1, 'the route gained the stop');

    // Export: the stops CSV and the plan document download and read back.
    const csv = await download(page, 'export-csv');
    assert.ok(csv.split('\n').length > 300, 'a row per order');
    assert.equal(JSON.parse(await download(page, 'export-plan')).format, 'lastmile-plan');

    // Checkout: a short booking day under the three policies, and its table exported.
    await page.getByTestId('page-checkout').click();
    await page.getByTestId('co-customers').fill('80');
    await page.getByTestId('co-customers').dispatchEvent('change');
    await page.getByTestId('co-run').click();
    await page.getByText(/Booking day done/).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('policy-row').count(), 3);
    assert.equal((await download(page, 'co-export-policies')).trim().split('\n').length, 4);

    assert.deepEqual(requests.filter((url) => new URL(url).origin !== origin), [], 'no request left the origin');
    assert.deepEqual(await violations(), [], 'no Content-Security-Policy violation');
    assert.deepEqual(errors, []);

    // The watch works: an image from elsewhere in the page and a fetch from the compute worker
    // are blocked, and both are seen.
    await page.evaluate((url) => { const img = new Image(); img.src = `${url}x.png`; document.body.append(img); }, BLOCKED);
    const compute = page.workers().find((w) => w.url().endsWith('/compute.js'));
    await compute.evaluate((url) => fetch(url).catch(() => {}), BLOCKED);
    const deadline = Date.now() + 5_000;
    let seen = [];
    while (Date.now() < deadline && !(seen.some((v) => v.startsWith('page: img-src')) && seen.some((v) => /compute\.js: connect-src/.test(v)))) {
      await page.waitForTimeout(100);
      seen = await violations();
    }
    assert.ok(seen.some((v) => v.startsWith(`page: img-src blocked ${BLOCKED}`)), seen.join('\n'));
    assert.ok(seen.some((v) => /compute\.js: connect-src blocked https:\/\/blocked\.invalid/.test(v)), seen.join('\n'));
    // The browser stopped the image itself (it does announce the request it refused).
    assert.ok(failures.some((f) => f.startsWith(`${BLOCKED}x.png`) && /csp/i.test(f)), failures.join('\n'));
  } finally {
    await context.close();
    await server.close();
  }
});
