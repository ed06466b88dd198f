// After planning: progress, KPIs, the route list, a route's stops and the unassigned orders, as
// the engine reported them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, setTimeLimit } from './flows.mjs';

test('a finished plan shows progress, KPIs, one row per route and each route\'s stops', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await setTimeLimit(page, 1);
    const routes = await planAndCheck(page);
    assert.equal(await page.getByTestId('progress-bar').getAttribute('aria-valuenow'), '100');
    const points = Number(await page.getByTestId('convergence').getAttribute('data-points'));
    assert.ok(points >= 1, 'the convergence chart has the first plan at least');
    assert.equal(Number(await page.getByTestId('best-vehicles').textContent()), routes);
    assert.equal(Number(await page.getByTestId('kpi-vehicles').textContent()), routes);
    assert.equal(await page.getByTestId('kpi-on-time').textContent(), '100 %');

    const rows = page.getByTestId('route-row');
    assert.equal(await rows.count(), routes, 'one row per route');
    // Stops over all rows add up to the orders routed.
    let stops = 0;
    for (let k = 0; k < routes; k++) stops += Number(await rows.nth(k).locator('td').nth(2).textContent());
    const deliveries = stops;
    assert.ok(deliveries > 0);

    // Keyboard: focus the second row and press Enter to open its stop table.
    await rows.nth(1).focus();
    await page.keyboard.press('Enter');
    const expected = Number(await rows.nth(1).locator('td').nth(2).textContent());
    await page.getByTestId('stop-table').waitFor();
    assert.equal(await page.getByTestId('stop-row').count(), expected);

    await page.getByTestId('tab-unassigned').click();
    const unassigned = await page.getByTestId('unassigned-row').count();
    if (unassigned === 0) await page.getByTestId('all-assigned').waitFor();
    assert.equal(deliveries + unassigned, 100, 'every order of LM-RC100 is routed or unassigned');
  });
});
