// After planning: progress, KPIs, the route list, a route's stops and the unassigned orders, as
// the engine reported them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, setTimeLimit, openSample } from './flows.mjs';

test('a finished plan shows progress, KPIs, one row per route and each route\'s stops', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await openSample(page, 'LM-RC100.txt', /100 orders/);
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

test('a planner moves a stop, locks a route and re-optimises the rest', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await setTimeLimit(page, 1);
    const routes = await planAndCheck(page);
    const rows = page.getByTestId('route-row');
    const stopsOf = async (k) => Number(await rows.nth(k).locator('td').nth(2).textContent());
    const vehicleOf = async (k) => (await rows.nth(k).locator('td').first().textContent()).trim();
    const first = await stopsOf(0);
    const second = await stopsOf(1);
    const secondVehicle = await vehicleOf(1);

    // Move the first stop of route 1 to route 2: the engine re-evaluates the edited plan.
    await rows.nth(0).click();
    await page.getByTestId('stop-table').waitFor();
    const movedOrder = (await page.getByTestId('stop-row').first().locator('td').nth(1).textContent()).trim();
    // The vehicles are listed once the select is focused (or pressed), as a user opens it.
    await page.getByTestId('stop-move').first().focus();
    await page.getByTestId('stop-move').first().selectOption(secondVehicle);
    await page.getByText(/Plan updated/).waitFor({ timeout: 30_000 });
    const after = await page.getByTestId('route-row').count();
    let moved = false;
    for (let k = 0; k < after; k++) {
      if ((await vehicleOf(k)) === secondVehicle) {
        assert.equal(await stopsOf(k), second + 1, 'the target route gained the stop');
        moved = true;
      }
    }
    assert.ok(moved);
    if (first > 1) assert.equal(await stopsOf(0), first - 1, 'the source route lost it');

    // Lock the target route, re-optimise: it keeps exactly its stops.
    const locked = await page.getByTestId('route-row').filter({ hasText: secondVehicle });
    await locked.getByTestId('lock-route').click();
    assert.equal(await locked.getByTestId('lock-route').getAttribute('aria-pressed'), 'true');
    await locked.click();
    await page.getByTestId('stop-table').waitFor();
    const before = await page.getByTestId('stop-row').locator('td:nth-child(2)').allTextContents();
    assert.ok(before.includes(movedOrder));
    await page.getByTestId('reoptimise').click();
    await page.getByText(/Re-optimised in/).waitFor({ timeout: 60_000 });
    const again = page.getByTestId('route-row').filter({ hasText: secondVehicle });
    if ((await again.getAttribute('aria-selected')) !== 'true') await again.click();
    await page.getByTestId('stop-table').waitFor();
    const kept = await page.getByTestId('stop-row').locator('td:nth-child(2)').allTextContents();
    assert.deepEqual(kept, before, 'the locked route is untouched');
    assert.equal(Number(await page.getByTestId('map').getAttribute('data-routes-drawn')), await page.getByTestId('route-row').count());
    assert.ok(routes > 1);
  });
});

test('the timeline draws one row per route', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await setTimeLimit(page, 0.5);
    const routes = await planAndCheck(page);
    await page.getByTestId('tab-timeline').click();
    await page.waitForFunction((n) => document.querySelector('[data-testid=timeline]')?.dataset.rows === String(n), routes);
  });
});
