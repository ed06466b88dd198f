// Getting data in: a planner's own CSV with mistakes, and the bundled samples.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, appIdle, setTimeLimit, openSample } from './flows.mjs';

/** Waits until the status line matches `pattern`. */
async function statusSays(page, pattern, timeout = 60_000) {
  await page.waitForFunction((source) => new RegExp(source).test(document.querySelector('[data-testid=status]')?.textContent || ''), pattern.source, { timeout });
}

const ORDERS = [
  'Order ID;Latitude;Lng;Weight (kg);Window start;Window end;Service minutes',
  'A-1;45.7640;4.8357;12;09:00;11:00;5',
  'A-2;45.7700;4.8500;3;09:00;12:00;5',
  'A-3;NaN;4.8400;4;10:00;12:00;5',
  'A-4;45.7550;4.8200;8;13:00;15:00;5',
  'A-5;45.7600;4.8450;2;25:99;16:00;5',
  'A-6;45.7480;4.8600;6;08:00;18:00;5',
].join('\r\n');

test('a broken orders CSV is reported row by row and its good rows are planned', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    // Over the sample a first visit opens, a planner's CSV starts a new scenario: the sample's
    // depots and fleet are not theirs, so defaults stand in (with warnings).
    await page.getByTestId('import-files').setInputFiles([
      { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from('\ufeff' + ORDERS) },
    ]);
    await page.getByTestId('import-summary').waitFor({ timeout: 60_000 });
    assert.match(await page.getByTestId('import-summary').textContent(), /A new scenario: the sample's depots and fleet are not mixed/);
    // Only the row without a place is skipped; A-5's unreadable start is a warning on its line
    // and the order stays, with an open start.
    const errors = page.locator('[data-testid=issue-row][data-severity=error]');
    assert.equal(await errors.count(), 1, 'one error: the row without a usable place');
    assert.equal(await errors.nth(0).getAttribute('data-line'), '4');
    assert.match(await errors.nth(0).getAttribute('data-field'), /Latitude/);
    const kept = page.locator('[data-testid=issue-row][data-severity=warning][data-line="6"]');
    assert.match(await kept.getAttribute('data-field'), /Window start/);
    // Missing depots and vehicles are warnings with defaults, not failures.
    assert.ok((await page.locator('[data-testid=issue-row][data-severity=warning]').count()) >= 2);
    await statusSays(page, /5 orders/);
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    const rows = page.getByTestId('route-row');
    let stops = 0;
    for (let k = 0; k < routes; k++) stops += Number(await rows.nth(k).locator('td').nth(2).textContent());
    assert.equal(stops, 5, 'the five plannable orders are planned');
  });
});

test('headers the engine does not know get a column-mapping step', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    const odd = ['ref,north,east,kilos', 'B-1,45.76,4.83,5', 'B-2,45.77,4.85,3'].join('\n');
    await page.getByTestId('import-files').setInputFiles([{ name: 'export.csv', mimeType: 'text/csv', buffer: Buffer.from(odd) }]);
    await page.getByTestId('mapping-step').waitFor({ timeout: 60_000 });
    const selects = page.getByTestId('mapping-column');
    assert.equal(await selects.count(), 4);
    await selects.nth(0).selectOption({ label: 'id' });
    await selects.nth(1).selectOption({ label: 'lat' });
    await selects.nth(2).selectOption({ label: 'lon' });
    await page.getByTestId('mapping-apply').click();
    await statusSays(page, /2 orders/);
  });
});

test('the city sample opens from the samples list and plans with every order accounted for', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await setTimeLimit(page, 2);
    const routes = await planAndCheck(page);
    const rows = page.getByTestId('route-row');
    let stops = 0;
    for (let k = 0; k < routes; k++) stops += Number(await rows.nth(k).locator('td').nth(2).textContent());
    await page.getByTestId('tab-unassigned').click();
    const unassigned = await page.getByTestId('unassigned-row').count();
    assert.equal(stops + unassigned, 300);
  });
});

test('files given while the engine is still starting are opened, not replaced by the start-up sample', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    // No waiting for start-up: the user is quicker than the engine.
    await page.getByTestId('import-files').setInputFiles([
      { name: 'orders.csv', mimeType: 'text/csv', buffer: Buffer.from(ORDERS) },
    ]);
    await statusSays(page, /5 orders/);
    await page.getByTestId('import-summary').waitFor();
    await appIdle(page);
    assert.match(await page.getByTestId('status').textContent(), /5 orders/, 'still the user\'s file');
    assert.match(await page.getByTestId('save-note').textContent(), /Imported|orders/);
  });
});
