// The three ways a host can serve Lastmile, and what the user must see in each; and stopping.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, planButtonEnabled, threads, setTimeLimit } from './flows.mjs';

test('with COOP/COEP headers the engine runs on several threads and draws a plan', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    assert.equal(await page.evaluate(() => crossOriginIsolated), true);
    const t = await threads(page);
    assert.ok(t.count > 1, `expected more than one thread, got ${t.count} (${t.text})`);
    await planAndCheck(page);
  });
});

test('under a sub-path without headers the service worker isolates the page after one reload', async () => {
  await withApp({ prefix: '/lastmile/', isolation: false }, undefined, async (page, server) => {
    await page.waitForFunction(() => crossOriginIsolated === true, null, { timeout: 30_000 });
    const t = await threads(page);
    assert.ok(t.count > 1, `expected more than one thread, got ${t.count} (${t.text})`);
    await planAndCheck(page);
    const outside = server.requests.filter((p) => !p.startsWith('/lastmile/'));
    assert.deepEqual(outside, [], 'every request stays under the sub-path');
  });
});

test('without headers or service worker the engine runs single-threaded and still plans', async () => {
  await withApp({ prefix: '/lastmile/', isolation: false }, { serviceWorkers: 'block' }, async (page) => {
    const t = await threads(page);
    assert.equal(t.count, 1);
    assert.match(t.text, /single-thread mode: your host does not allow shared memory/);
    assert.equal(await page.evaluate(() => crossOriginIsolated), false);
    await planAndCheck(page);
  });
});

test('Stop ends a long search at once, keeps the best plan so far, and planning works again', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await planButtonEnabled(page);
    await setTimeLimit(page, 120);
    await page.getByTestId('plan-routes').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]').dataset.routesDrawn) > 0, null, { timeout: 30_000 });
    const started = Date.now();
    await page.getByTestId('stop').click();
    await page.getByText(/Stopped\. Kept the best plan found so far/).waitFor({ timeout: 10_000 });
    assert.ok(Date.now() - started < 10_000, 'stopping does not wait for the time limit');
    const routes = Number(await page.getByTestId('route-count').textContent());
    assert.ok(routes > 0);
    assert.equal(Number(await page.getByTestId('map').getAttribute('data-routes-drawn')), routes);
    // A fresh engine answers the next request.
    await setTimeLimit(page, 1);
    await planAndCheck(page);
  });
});
