// One truth on screen: an edit that breaks a shift is shown where it is — the stop, the route,
// the timeline, the map — named in words, counted in the KPIs and priced as time, never as a
// penalty; the route list, the stop table and the driver's manifest agree on the departure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, appIdle, openSample, planAndCheck, setTimeLimit } from './flows.mjs';

/** Route rows as { vehicle, kind, stops, span } in screen order. */
async function routeRows(page) {
  return page.getByTestId('route-row').evaluateAll((rows) => rows.map((row) => {
    const cells = [...row.querySelectorAll('td')].map((td) => td.textContent.trim());
    const span = row.querySelector('[data-testid=route-span]').textContent.trim();
    return { vehicle: cells[0], kind: cells[1], stops: Number(cells[2]), span, broken: row.classList.contains('broken') };
  }));
}

/** The route row of exactly this vehicle (van-warehouse-1, not van-warehouse-10). */
function rowOf(page, vehicle) {
  const exact = new RegExp(`^\\s*${vehicle}\\s*$`);
  return page.getByTestId('route-row').filter({ has: page.locator('td:first-child', { hasText: exact }) });
}

async function openRoute(page, vehicle) {
  const row = rowOf(page, vehicle);
  if ((await row.getAttribute('aria-selected')) !== 'true') await row.click();
  await page.getByTestId('stop-table').waitFor();
  await page.waitForFunction((v) => document.querySelector('.stop-table-title')?.textContent.startsWith(`${v} —`), vehicle);
}

test('an edit past a shift end is red on the stop, the route, the timeline and the map, and counted', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await openSample(page, 'lyon-300.json', /300 orders/);
    await setTimeLimit(page, 2);
    await planAndCheck(page);
    const before = await routeRows(page);
    assert.ok(before.every((r) => !r.broken), 'a planned day breaks nothing');
    assert.equal(await page.getByTestId('kpi-late').textContent(), '0');

    // The route list, the stop table and the manifest leave at the same time.
    const first = before[0];
    await openRoute(page, first.vehicle);
    const leaving = first.span.split('–')[0];
    assert.match(await page.locator('.stop-table-title').textContent(), new RegExp(`leaving ${leaving}`));
    const eta = (await page.getByTestId('stop-row').first().locator('td').nth(2).textContent()).trim();
    assert.ok(eta >= leaving, `the first stop (${eta}) is reached after leaving (${leaving})`);
    await page.getByTestId('show-manifests').click();
    const sheet = page.locator(`[data-testid=manifest][data-vehicle="${first.vehicle}"]`);
    assert.equal((await sheet.getByTestId('manifest-departure').textContent()).trim(), leaving);
    assert.equal((await sheet.getByTestId('manifest-eta').first().textContent()).trim(), eta);
    await page.getByTestId('close-manifests').click();

    // Move a late-afternoon stop of a van onto an EV van, whose shift ends at 15:00.
    const ev = before.find((r) => r.kind === 'ev-van');
    assert.ok(ev, 'the Lyon day plans an EV van');
    let moved = null;
    for (const van of before.filter((r) => r.kind === 'van')) {
      await openRoute(page, van.vehicle);
      const windows = await page.getByTestId('stop-row').evaluateAll((rows) => rows.map((r) => r.querySelectorAll('td')[3].textContent));
      const k = windows.findIndex((w) => w.split('–')[0] >= '16:00');
      if (k < 0) continue;
      moved = (await page.getByTestId('stop-row').nth(k).locator('td').nth(1).textContent()).trim();
      await page.getByTestId('stop-move').nth(k).focus();
      await page.getByTestId('stop-move').nth(k).selectOption(ev.vehicle);
      break;
    }
    assert.ok(moved, 'a van serves an order after 16:00');
    await page.getByText(/Plan updated with \d+ problems?, shown in red/).waitFor({ timeout: 30_000 });
    assert.match(await page.getByTestId('status').textContent(), new RegExp(`${ev.vehicle}: (over shift|after the shift)`));

    // The route row.
    const broken = rowOf(page, ev.vehicle);
    assert.ok(await broken.evaluate((r) => r.classList.contains('broken')));
    assert.match(await broken.getByTestId('route-problems').textContent(), /over shift: back at \d\d:\d\d, .* after the shift ends at 15:00/);
    // The stop.
    await openRoute(page, ev.vehicle);
    const stop = page.getByTestId('stop-row').filter({ hasText: moved });
    assert.ok(await stop.evaluate((r) => r.classList.contains('broken')));
    assert.match(await stop.getByTestId('stop-problems').textContent(), /after the shift/);
    assert.match(await page.getByTestId('route-violations').textContent(), /over shift/);
    // KPIs: counted, and the cost is hours and kilometres, not a penalty.
    assert.match(await page.getByTestId('kpi-over-shift').textContent(), /^[1-9]/);
    const cost = Number((await page.getByTestId('kpi-cost').textContent()).replace(/[^0-9.]/g, ''));
    assert.ok(cost > 0 && cost < 1e6, `a plausible cost: ${cost}`);
    // The map and the timeline.
    const map = page.getByTestId('map');
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=map]')?.dataset.brokenRoutes) >= 1);
    assert.ok(Number(await map.getAttribute('data-broken-stops')) >= 1);
    await page.getByTestId('tab-timeline').click();
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=timeline]')?.dataset.brokenRows) === 1);
  });
});
