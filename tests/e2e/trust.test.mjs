// What the user set is kept or refused, never rewritten silently: the time limit, locks across a
// reload, a failed import that leaves the plan alone, and a street map that says it could not load.
// One page for every check (CI has a time budget).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, appIdle, planAndCheck, setTimeLimit } from './flows.mjs';

/** The save a reload restores, as stored in IndexedDB (null while there is none). */
async function currentSave(page) {
  return page.evaluate(() => new Promise((resolve, reject) => {
    const open = indexedDB.open('lastmile');
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction(['saves', 'meta'], 'readonly');
      const current = tx.objectStore('meta').get('current');
      current.onsuccess = () => {
        const record = current.result === undefined ? undefined : tx.objectStore('saves').get(current.result);
        if (!record) { db.close(); resolve(null); return; }
        record.onsuccess = () => { db.close(); resolve(record.result ? JSON.parse(record.result.data) : null); };
      };
      tx.onerror = () => reject(tx.error);
    };
  }));
}

/** Waits until the current save satisfies `check` (autosave runs after the action that asks it). */
async function saved(page, check, what) {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const save = await currentSave(page);
    if (save && check(save)) return save;
    if (Date.now() > deadline) assert.fail(`the save never had ${what}: ${JSON.stringify(save && { ...save, text: undefined })}`);
    await page.waitForTimeout(100);
  }
}

/** Every route row: vehicle, type, stops, and whether it is locked. */
async function routeRows(page) {
  return page.getByTestId('route-row').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].slice(0, 3).map((td) => td.textContent.trim());
    return [...cells, row.querySelector('[data-testid=lock-route]').getAttribute('aria-pressed')].join('|');
  }));
}

const statusText = (page) => page.getByTestId('status').textContent();

test('time limit refused or kept, locks kept across a reload, a PNG import changes nothing, failed tiles said', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    assert.match(await statusText(page), /300 orders/, 'a first visit opens the Lyon city sample');

    // Out of bounds: said next to the field, and planning cannot start. Nothing is rewritten.
    const field = page.getByTestId('time-limit');
    const problem = page.getByTestId('time-limit-error');
    for (const typed of ['0', '100000', '-5', 'soon']) {
      await setTimeLimit(page, typed);
      await problem.waitFor({ state: 'visible' });
      assert.match(await problem.textContent(), /between 0\.5 and 3600 seconds/, `${typed} is refused`);
      assert.equal(await page.getByTestId('plan-routes').isDisabled(), true, `Plan routes is disabled for ${typed}`);
      assert.equal(await field.inputValue(), typed, 'the field keeps what was typed');
      assert.equal(await field.getAttribute('aria-invalid'), 'true');
    }
    // A valid limit is used as typed and saved.
    await setTimeLimit(page, '1.5');
    await problem.waitFor({ state: 'hidden' });
    await saved(page, (s) => s.time_limit_s === 1.5, 'the time limit 1.5');

    const routes = await planAndCheck(page);
    assert.match(await page.getByTestId('best-distance').textContent(), /^\d+\.\d km$/, 'the best plan so far in km');
    const rows = await routeRows(page);
    assert.equal(rows.length, routes);

    // Lock the second route; a reload brings it back locked, with the same plan and time limit.
    const lock = page.getByTestId('lock-route').nth(1);
    await lock.click();
    const vehicle = rows[1].split('|')[0];
    await saved(page, (s) => s.locked.includes(vehicle) && s.routes.length === routes, `the lock on ${vehicle}`);
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-row]').length === n, routes, { timeout: 60_000 });
    const restored = await routeRows(page);
    assert.deepEqual(restored, rows.map((row, k) => (k === 1 ? row.replace(/\|false$/, '|true') : row)), 'the same routes, the second locked');
    assert.equal(await field.inputValue(), '1.5', 'the time limit survives the reload');

    // A PNG given as the orders file: not a table, no column mapping, the plan as it was.
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0, 0, 0, 1]);
    await page.getByTestId('import-files').setInputFiles([{ name: 'orders.csv', mimeType: 'text/csv', buffer: png }]);
    await page.waitForFunction(
      () => /orders\.csv: not a table \(it looks like a PNG image\)/.test(document.querySelector('[data-testid=status]')?.textContent || ''),
      null,
      { timeout: 30_000 },
    );
    assert.match(await statusText(page), /scenario and plan are unchanged/);
    assert.equal(await page.getByTestId('mapping-step').count(), 0, 'no column mapping for a picture');
    const issue = page.getByTestId('issue-row').first();
    assert.equal(await issue.getAttribute('data-file'), 'orders.csv');
    assert.deepEqual(await routeRows(page), restored, 'the routes on screen are unchanged');
    assert.equal(Number(await page.getByTestId('route-count').textContent()), routes);

    // Street-map tiles that cannot be loaded are hidden, and the map says so while tiles are on.
    await page.route('https://tile.openstreetmap.org/**', (route) => route.fulfill({ status: 503, body: 'busy' }));
    const note = page.getByTestId('map-tiles-failed');
    await page.getByTestId('map-tiles').check();
    await note.waitFor({ state: 'visible' });
    assert.equal(await note.textContent(), 'street map unavailable: tiles could not be loaded');
    const broken = await page.locator('img.map-tile').evaluateAll((imgs) => imgs.filter((img) => getComputedStyle(img).visibility !== 'hidden').length);
    assert.equal(broken, 0, 'no broken image shows');
    await page.getByTestId('map-tiles').uncheck();
    await note.waitFor({ state: 'hidden' });
  });
});
