// Export: every format downloads, parses back, and agrees with the plan on screen; the manifest
// loads in reverse stop order; a plan document re-imports to the same plan.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { withApp, planAndCheck, appIdle, setTimeLimit, openSample } from './flows.mjs';

async function download(page, testid) {
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId(testid).click()]);
  return { name: file.suggestedFilename(), text: await readFile(await file.path(), 'utf8') };
}

/** Splits CSV text into rows of cells (quotes, embedded delimiters and line breaks). */
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; } else if (c === '"') quoted = false; else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n' || c === '\r') { if (c === '\r' && text[i + 1] === '\n') i++; row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows.filter((r) => r.some((c) => c !== ''));
}

test('every export parses back and matches the plan; a plan document re-imports', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await setTimeLimit(page, 1);
    const routes = await planAndCheck(page);
    const rows = page.getByTestId('route-row');
    const screen = [];
    for (let k = 0; k < routes; k++) screen.push(Number(await rows.nth(k).locator('td').nth(2).textContent()));
    const stops = screen.reduce((a, b) => a + b, 0);
    await page.getByTestId('tab-unassigned').click();
    const unassigned = await page.getByTestId('unassigned-row').count();

    const csv = await download(page, 'export-csv');
    assert.match(csv.name, /\.csv$/);
    const table = parseCsv(csv.text);
    assert.equal(table.length - 1, stops + unassigned, 'a row per stop and per unassigned order');

    const geo = JSON.parse((await download(page, 'export-geojson')).text);
    assert.equal(geo.type, 'FeatureCollection');
    assert.equal(geo.features.filter((f) => f.geometry.type === 'LineString').length, routes);

    const vroom = JSON.parse((await download(page, 'export-vroom')).text);
    assert.equal(vroom.routes.length, routes);
    assert.equal(vroom.unassigned.length, unassigned);

    const plan = await download(page, 'export-plan');
    const doc = JSON.parse(plan.text);
    assert.equal(doc.format, 'lastmile-plan');
    assert.equal(doc.plan.routes.length, routes);

    await page.getByTestId('show-manifests').click();
    await page.getByTestId('manifests').waitFor();
    assert.equal(await page.getByTestId('manifest').count(), routes);
    const firstLoading = (await page.getByTestId('loading-order').first().textContent()).split(', ');
    const firstStops = doc.plan.routes[0].stops;
    assert.deepEqual(firstLoading, [...firstStops].reverse(), 'last stop loaded first');
    await page.getByTestId('close-manifests').click();

    // The plan document brings back the same plan.
    await page.getByTestId('import-files').setInputFiles([{ name: plan.name, mimeType: 'application/json', buffer: Buffer.from(plan.text) }]);
    await page.waitForFunction(() => /Plan updated/.test(document.querySelector('[data-testid=status]')?.textContent || ''), null, { timeout: 60_000 });
    await page.getByTestId('tab-routes').click();
    const again = [];
    for (let k = 0; k < routes; k++) again.push(Number(await page.getByTestId('route-row').nth(k).locator('td').nth(2).textContent()));
    assert.deepEqual(again, screen);
  });
});
