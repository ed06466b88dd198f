// Goods both ways, in several trips: the micro-hub sample (cargo bikes reloading at the hub,
// customers' returns, shop-to-door shipments) plans, and the route list, the stop table, the
// timeline, the map and the drivers' sheets tell the same trips and the same reload times, also
// after a stop is moved by hand across a reload.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, planAndCheck, appIdle, setTimeLimit, openSample } from './flows.mjs';

/** The clock times (HH:MM) in a text, in order. */
const times = (text) => text.match(/\d{1,2}:\d{2}/g) ?? [];

test('a micro-hub day: bikes in trips, returns and shop pickups, the same trips on every view', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'micro-hub.json', /Micro-hub: \d+ orders/);
    await setTimeLimit(page, 3);
    const routes = await planAndCheck(page);

    // The map: every return and shop pickup is drawn as a triangle (the map shows the whole day).
    const map = page.getByTestId('map');
    assert.ok(Number(await map.getAttribute('data-pickups-drawn')) >= 20, 'returns and shop pickups drawn');

    // The route list counts each route's trips; the route with the most is chosen.
    const rows = page.getByTestId('route-row');
    const trips = [];
    const stops = [];
    for (let k = 0; k < routes; k++) {
      trips.push(Number(await rows.nth(k).getByTestId('route-trips').textContent()));
      stops.push(Number(await rows.nth(k).locator('td').nth(2).textContent()));
    }
    const reloads = trips.reduce((sum, t) => sum + t - 1, 0);
    assert.ok(reloads >= 2, `bikes reload at the hub: ${trips}`);
    const k = trips.indexOf(Math.max(...trips));
    const vehicle = (await rows.nth(k).locator('td').first().textContent()).trim();
    await rows.nth(k).click();

    // Its stop table: a line per reload, before the trip's first stop, with its times.
    const table = page.getByTestId('stop-table');
    await page.getByTestId('stop-row').first().waitFor();
    const lines = Number(await table.getAttribute('data-rows'));
    assert.ok([0, 1].includes(lines - stops[k] - (trips[k] - 1)), `stops, reloads and at most a break: ${lines}`);
    const reloadRows = page.getByTestId('reload-row');
    await reloadRows.first().waitFor();
    const firstReload = await reloadRows.first().textContent();
    assert.match(firstReload, /^Trip 2: reload at hub, \d{1,2}:\d{2}–\d{1,2}:\d{2}, leaving with/);

    // The shipments of that route are joined on the map, one dashed line per shop pickup on it.
    const shopPickups = await page.getByTestId('stop-task').filter({ hasText: 'shipment pickup' }).count();
    await page.waitForFunction(
      (n) => Number(document.querySelector('[data-testid=map]')?.dataset.linksDrawn) === n,
      shopPickups,
    );

    // The timeline draws the same reloads, and its legend says what they are.
    await page.getByTestId('tab-timeline').click();
    assert.equal(Number(await page.getByTestId('timeline').getAttribute('data-reloads')), reloads);
    await page.getByTestId('legend-reload').waitFor();
    await page.getByTestId('tab-routes').click();

    // ↑ on the second trip's first stop moves it to the end of the first trip, across the
    // reload: the reload line comes one stop later, and the route list and the stop table still
    // count the same trips.
    const order = () => table.locator('[data-testid=stop-row], [data-testid=reload-row]')
      .evaluateAll((els) => els.map((e) => e.dataset.testid));
    const stopsBeforeReload = (kinds) => kinds.slice(0, kinds.indexOf('reload-row')).filter((t) => t === 'stop-row').length;
    const first = stopsBeforeReload(await order());
    await page.getByTestId('stop-row').nth(first).getByTestId('stop-up').click();
    await page.waitForFunction(
      (n) => {
        const kinds = [...document.querySelectorAll('[data-testid=stop-table] [data-testid=stop-row], [data-testid=stop-table] [data-testid=reload-row]')].map((e) => e.dataset.testid);
        return kinds.slice(0, kinds.indexOf('reload-row')).filter((t) => t === 'stop-row').length === n;
      },
      first + 1,
    );
    const tripsNow = Number(await rows.nth(k).getByTestId('route-trips').textContent());
    assert.ok([trips[k], trips[k] - 1].includes(tripsNow), `${trips[k]} trips, now ${tripsNow}`);
    assert.equal(await reloadRows.count(), tripsNow - 1, 'the stop table and the route list, the same trips');
    const [, leavingNow] = times(await reloadRows.first().textContent());

    // The driver's sheet: the same trips, the same time leaving the hub, a loading order per trip.
    await page.getByTestId('show-manifests').click();
    const sheet = page.locator(`[data-testid=manifest][data-vehicle="${vehicle}"]`);
    await sheet.waitFor();
    const sheetReloads = sheet.getByTestId('manifest-reload');
    assert.equal(await sheetReloads.count(), tripsNow - 1);
    assert.equal(times(await sheetReloads.first().textContent())[1], leavingNow, 'leaving the hub at the same time');
    const loaded = [await sheet.getByTestId('loading-order').textContent()];
    for (const list of await sheet.getByTestId('trip-loading-order').allTextContents()) loaded.push(list);
    const deliveries = await sheet.getByTestId('manifest-task').filter({ hasText: /^(delivery|shipment delivery)$/ }).count();
    const depotLoads = await sheet.getByTestId('manifest-task').filter({ hasText: /^delivery$/ }).count();
    const listed = loaded.flatMap((l) => l.split(',').map((s) => s.trim()).filter(Boolean));
    assert.equal(listed.length, depotLoads, 'every delivery from the hub loaded on its trip');
    assert.ok(deliveries >= depotLoads);
  });
});
