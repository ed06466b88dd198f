// Keep: the workspace survives a reload, several scenarios are kept by name, and a corrupted
// save is reported and set aside instead of breaking the page.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, planButtonEnabled, setTimeLimit, openSample } from './flows.mjs';

async function routeStops(page) {
  const rows = page.getByTestId('route-row');
  const out = [];
  for (let k = 0; k < (await rows.count()); k++) {
    out.push((await rows.nth(k).locator('td').allTextContents()).slice(0, 3).join('|'));
  }
  return out;
}

test('a reload restores the same scenario and plan, and saves can be switched', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    await page.getByTestId('save-note').filter({ hasText: new RegExp(`plan of ${routes} route`) }).waitFor({ timeout: 30_000 });
    const before = await routeStops(page);
    await page.reload();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-row]').length === n, before.length, { timeout: 60_000 });
    assert.deepEqual(await routeStops(page), before, 'the same routes after a reload');
    assert.equal(await page.getByTestId('time-limit').inputValue(), '0.5');

    // A second scenario is kept next to the first.
    await openSample(page, 'lyon-300.json', /300 orders/);
    await page.waitForFunction(() => document.querySelectorAll('[data-testid=saved-select] option').length >= 3, null, { timeout: 30_000 });
    await page.getByTestId('saved-select').selectOption({ index: 2 });
    await page.getByTestId('saved-open').click();
    await page.waitForFunction((n) => document.querySelectorAll('[data-testid=route-row]').length === n, before.length, { timeout: 60_000 });
    assert.deepEqual(await routeStops(page), before, 'the first scenario comes back with its plan');
  });
});

test('a corrupted save is reported and set aside; the app still opens', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await planButtonEnabled(page);
    await page.getByText(/Saved in this browser as/).waitFor({ timeout: 30_000 });
    // Break the save the way a bug or an older version could: garbage data under a valid name.
    await page.evaluate(() => new Promise((resolve, reject) => {
      const open = indexedDB.open('lastmile');
      open.onerror = () => reject(open.error);
      open.onsuccess = () => {
        const db = open.result;
        const tx = db.transaction('saves', 'readwrite');
        tx.objectStore('saves').put({ schema: 1, data: '{not json' }, 'broken');
        tx.oncomplete = () => { db.close(); resolve(); };
        tx.onerror = () => reject(tx.error);
      };
    }));
    await page.reload();
    await page.getByTestId('save-problems').filter({ hasText: /could not be read/ }).waitFor({ timeout: 60_000 });
    await planButtonEnabled(page);
    await setTimeLimit(page, 0.5);
    await planAndCheck(page);
  });
});

test('two different scenarios with the same name are both kept', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await planButtonEnabled(page);
    // On a benchmark (x/y) file, each orders CSV starts a new scenario named after the file.
    await openSample(page, 'LM-RC100.txt', /100 orders/);
    const orders = (rows) => ['id,lat,lon,demand', ...rows].join('\n');
    const give = async (text, pattern) => {
      await page.getByTestId('import-files').setInputFiles([{ name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(text) }]);
      await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=save-note]')?.textContent || ''), pattern.source, { timeout: 60_000 });
    };
    await give(orders(['a,45.76,4.83,1', 'b,45.77,4.84,2']), /as “orders”/);
    await give(orders(['c,45.75,4.85,1', 'd,45.74,4.82,2', 'e,45.73,4.81,3']), /as “orders \(2\)”/);
    const first = 'orders';
    const names = await page.getByTestId('saved-select').locator('option').allTextContents();
    assert.ok(names.includes(first) && names.includes(`${first} (2)`), names.join(' | '));
    // The first is intact: it opens with its 2 orders.
    await page.getByTestId('saved-select').selectOption(first);
    await page.getByTestId('saved-open').click();
    await page.waitForFunction(() => /2 orders/.test(document.querySelector('[data-testid=status]')?.textContent || ''), null, { timeout: 60_000 });
  });
});
