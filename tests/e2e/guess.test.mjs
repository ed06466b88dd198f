// Columns guessed from their contents (issue 12): a headerless orders export and one whose
// headers say nothing open the mapping step with the engine's guess pre-selected and each
// column's first values; the planner confirms and every row is planned. The validation report
// stays readable in the side panel at 1280×800.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, appIdle, setTimeLimit } from './flows.mjs';

/** Waits until the status line matches `pattern`. */
async function statusSays(page, pattern, timeout = 60_000) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=status]')?.textContent || ''), pattern.source, { timeout });
}

/** Planned stops over all routes. */
async function plannedStops(page, routes) {
  const rows = page.getByTestId('route-row');
  let stops = 0;
  for (let k = 0; k < routes; k++) stops += Number(await rows.nth(k).locator('td').nth(2).textContent());
  return stops;
}

/** The label of the option each mapping select shows. */
async function chosen(page) {
  return page.getByTestId('mapping-column').evaluateAll((selects) => selects.map((s) => s.selectedOptions[0]?.textContent ?? ''));
}

// A German export saved without its header line: id, name, latitude, longitude (decimal
// commas), parcels, a window in one cell.
const HEADERLESS = [
  '1001;Müller GmbH;52,5200;13,4050;2;08:00-12:00',
  '1002;Bäckerei Schön;52,5290;13,4010;1;8-12',
  '1003;Café Süd;52,5219;13,4132;3;13:00-17:00',
  '1004;Weiß & Söhne;52,5170;13,3889;1;09:00-11:00',
  '1005;Blumen Rot;52,5105;13,4201;2;10-14',
  '1006;Apotheke Nord;52,5350;13,3950;1;14:00-18:00',
].join('\r\n');

test('a headerless orders file: the guessed columns are shown with their first values, confirmed, and every row planned', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await page.getByTestId('import-files').setInputFiles([
      { name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(HEADERLESS) },
    ]);
    await page.getByTestId('mapping-step').waitFor({ timeout: 60_000 });
    // Never applied silently: the report asks to confirm, and nothing was imported yet.
    const columns = page.locator('[data-testid=issue-row][data-field=columns]');
    assert.match(await columns.textContent(), /first row holds values.*columns guessed from their contents: please confirm/);
    assert.match(await page.getByTestId('mapping-note').textContent(), /please confirm/);
    assert.deepEqual(await chosen(page), ['id', '(ignore)', 'lat', 'lon', 'demand', 'windows']);
    const samples = await page.getByTestId('mapping-sample').allTextContents();
    assert.equal(samples[0], '1001, 1002, 1003', 'the first values of the first column, the first row included');
    assert.match(samples[2], /^52,5200, 52,5290/);
    assert.equal(await page.locator('[data-testid=mapping-row][data-guessed=true]').count(), 5);
    await page.getByTestId('mapping-apply').click();
    await statusSays(page, /6 orders/);
    assert.equal(await page.getByTestId('mapping-step').count(), 0, 'the mapping step is done');
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    assert.equal(await plannedStops(page, routes), 6, 'every row, the first one included, is planned');
  });
});

// Headers that say nothing (`Feld1` …) over a French-style file with longitude first.
const UNKNOWN = [
  'Feld1,Feld2,Feld3,Feld4,Feld5',
  'C-01,4.8357,45.7640,09:00,11:00',
  'C-02,4.8500,45.7700,09:00,12:00',
  'C-03,4.8200,45.7550,13:00,15:00',
  'C-04,4.8600,45.7480,08:00,18:00',
].join('\n');

test('unknown headers: the guess (longitude first) is confirmed and the orders are planned; the report fits at 1280×800', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    assert.deepEqual(page.viewportSize(), { width: 1280, height: 800 });
    await page.getByTestId('import-files').setInputFiles([
      { name: 'tournee.csv', mimeType: 'text/csv', buffer: Buffer.from(UNKNOWN) },
    ]);
    await page.getByTestId('mapping-step').waitFor({ timeout: 60_000 });
    assert.deepEqual(await chosen(page), ['id', 'lon', 'lat', 'window start', 'window end']);

    // The report's problem cells show their whole text inside the side panel and the window.
    const cells = page.getByTestId('issue-problem');
    assert.ok((await cells.count()) >= 1);
    const fits = await cells.evaluateAll((list) => list.map((cell) => {
      const box = cell.getBoundingClientRect();
      const report = cell.closest('.issues').getBoundingClientRect();
      return {
        text: cell.textContent,
        scrolls: cell.scrollWidth > cell.clientWidth,
        right: box.right,
        inside: box.right <= window.innerWidth && box.right <= report.right + 0.5 && box.width > 0,
      };
    }));
    for (const cell of fits) {
      assert.ok(!cell.scrolls && cell.inside, `cut off: ${JSON.stringify(cell)}`);
    }
    assert.ok(fits.some((c) => /please confirm/.test(c.text)), JSON.stringify(fits));

    await page.getByTestId('mapping-apply').click();
    await statusSays(page, /4 orders/);
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    assert.equal(await plannedStops(page, routes), 4);
    // The report of the confirmed import also fits: every problem cell, warnings included.
    const after = await page.getByTestId('issue-problem').evaluateAll((list) =>
      list.filter((cell) => cell.scrollWidth > cell.clientWidth || cell.getBoundingClientRect().right > window.innerWidth).length);
    assert.equal(after, 0);
  });
});
