// A day far larger than a screen: the route list, the stop table, the unassigned list and the
// timeline draw only what is in view, yet every row is reachable by scrolling, by the keyboard,
// and by selecting its route on the map or the timeline; edits deep in a long route still work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withApp, appIdle, setTimeLimit, watchStatus, statusChangedTo } from './flows.mjs';

/** A seeded random generator (mulberry32), so the day is the same at every run. */
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const VANS = 1_200; // orders for vans carrying two each: hundreds of routes (the reefer takes some)
const COLD = 300; // orders only the one reefer can carry: one route of 300 stops
const CRANE = 2_500; // orders needing a skill no vehicle has: left out

/** The day as the planner's three CSV tables. */
function day() {
  const next = random(20261123);
  const place = () => [(45.76 + (next() - 0.5) * 0.07).toFixed(6), (4.84 + (next() - 0.5) * 0.1).toFixed(6)];
  const orders = ['id,lat,lon,kg,parcels,service_minutes,windows,skills'];
  for (let i = 1; i <= VANS; i++) orders.push(`o-${i},${place().join(',')},5,1,2,08:00-18:00,`);
  for (let i = 1; i <= COLD; i++) orders.push(`cold-${i},${place().join(',')},5,1,1,00:30-23:00,cold`);
  for (let i = 1; i <= CRANE; i++) orders.push(`crane-${i},${place().join(',')},5,1,5,08:00-18:00,crane`);
  const vehicles = [
    'id,type,count,profile,speed_kmh,circuity,capacity_kg,capacity_parcels,start_depot,end_depot,shift_start,shift_end,skills,fixed_cost,cost_per_km,cost_per_hour',
    'reefer,reefer,1,car,25,1.35,100000,10000,hub,hub,00:00,23:59,cold,50,0.3,20',
    'van,van,700,car,25,1.35,1000,2,hub,hub,08:00,18:00,,40,0.3,20',
  ];
  const depots = ['id,lat,lon,open,close', 'hub,45.760000,4.840000,00:00,23:59'];
  const file = (name, lines) => ({ name, mimeType: 'text/csv', buffer: Buffer.from(lines.join('\n')) });
  return [file('orders.csv', orders), file('vehicles.csv', vehicles), file('depots.csv', depots)];
}

/** The scroll box of a virtualised table. */
function box(page, table) {
  return page.getByTestId(table).locator('xpath=..');
}

/** Rows in the DOM and rows in the table (its `data-rows`). */
async function rowCounts(page, table, row) {
  return {
    drawn: await page.getByTestId(row).count(),
    total: Number(await page.getByTestId(table).getAttribute('data-rows')),
  };
}

/** Scrolls a table's box to its end and waits for its last row. */
async function scrollToEnd(page, table, row) {
  await box(page, table).evaluate((el) => { el.scrollTop = el.scrollHeight; });
  const last = Number(await page.getByTestId(table).getAttribute('data-rows')) - 1;
  const lastRow = page.locator(`[data-testid=${row}][data-index="${last}"]`);
  await lastRow.waitFor();
  return { last, lastRow };
}

/** Is the element inside its table's scroll box's view? */
async function inView(page, table, locator) {
  const outer = await box(page, table).boundingBox();
  const inner = await locator.boundingBox();
  return inner !== null && inner.y >= outer.y - 1 && inner.y + inner.height <= outer.y + outer.height + 1;
}

test('a day of 4,000 orders: lists draw what is in view, every row stays reachable', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    await appIdle(page);
    await watchStatus(page);
    await page.getByTestId('import-files').setInputFiles(day());
    await statusChangedTo(page, /4000 orders/);
    await setTimeLimit(page, 2);
    await page.getByTestId('plan-routes').click();
    await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
    const routes = Number(await page.getByTestId('route-count').textContent());
    assert.ok(routes >= 300, `hundreds of routes, far more than a screen draws: ${routes}`);

    // The route list: every route counted, a few dozen drawn.
    let list = await rowCounts(page, 'route-list', 'route-row');
    assert.equal(list.total, routes);
    assert.ok(list.drawn > 0 && list.drawn < 200, `route rows drawn: ${list.drawn} of ${list.total}`);
    assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 5_000, 'a light page');

    // Scrolling to the end shows the last route, still a few dozen rows.
    const { last, lastRow } = await scrollToEnd(page, 'route-list', 'route-row');
    assert.equal(last, routes - 1);
    assert.ok(await inView(page, 'route-list', lastRow), 'the last route shows');
    assert.ok((await page.getByTestId('route-row').count()) < 200);

    // The keyboard walks rows that were not drawn: Home, End, arrows, Page Down; Enter opens one.
    await box(page, 'route-list').evaluate((el) => { el.scrollTop = 0; });
    await page.locator('[data-testid=route-row][data-index="0"]').focus();
    const focused = () => page.evaluate(() => Number(document.activeElement?.dataset?.index));
    await page.keyboard.press('End');
    await page.waitForFunction((n) => Number(document.activeElement?.dataset?.index) === n, routes - 1);
    await page.keyboard.press('ArrowUp');
    await page.waitForFunction((n) => Number(document.activeElement?.dataset?.index) === n, routes - 2);
    await page.keyboard.press('Home');
    await page.waitForFunction(() => Number(document.activeElement?.dataset?.index) === 0);
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.keyboard.press('PageDown');
    await page.waitForFunction(() => Number(document.activeElement?.dataset?.index) > 0);
    for (let k = 0; k < 60; k++) await page.keyboard.press('ArrowDown');
    const walked = await focused();
    assert.ok(walked > 60, `the focus walked down the list: row ${walked}`);
    const vehicle = (await page.locator(`[data-testid=route-row][data-index="${walked}"] td`).first().textContent()).trim();
    await page.keyboard.press('Enter');
    await page.waitForFunction((v) => document.querySelector('.stop-table-title')?.textContent.startsWith(`${v} —`), vehicle);

    // Selecting a route on the timeline: its last row, then the list opens scrolled to it.
    await page.getByTestId('tab-timeline').click();
    const timeline = page.getByTestId('timeline');
    assert.equal(Number(await timeline.getAttribute('data-rows')), routes);
    await timeline.locator('xpath=../..').evaluate((el) => { el.scrollTop = el.scrollHeight; });
    await page.waitForFunction(() => {
      const t = document.querySelector('[data-testid=timeline]');
      return Number(t?.dataset.rowsDrawn) > 0 && Number(t.dataset.rowsDrawn) < 100;
    });
    const canvas = await timeline.boundingBox();
    await page.mouse.click(canvas.x + 60, canvas.y + canvas.height - 12);
    await page.getByTestId('tab-routes').click();
    const selected = page.locator('[data-testid=route-row][aria-selected=true]');
    await selected.waitFor();
    assert.equal(Number(await selected.getAttribute('data-index')), routes - 1, 'the last row of the timeline is the last route');
    assert.ok(await inView(page, 'route-list', selected), 'the list scrolled to the route');

    // Selecting a route on the map: a stop far down the list.
    await box(page, 'route-list').evaluate((el) => { el.scrollTop = 0; });
    const map = await page.getByTestId('map').boundingBox();
    let picked = null;
    for (let y = map.y + 40; y < map.y + map.height - 40 && !picked; y += 23) {
      for (let x = map.x + 40; x < map.x + map.width - 60 && !picked; x += 23) {
        await page.mouse.move(x, y);
        await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))));
        const text = await page.getByTestId('map-tooltip').evaluate((t) => (t.hidden ? '' : t.textContent));
        const route = Number(/route (\d+)/.exec(text)?.[1]);
        if (route > 120) picked = { x, y, route };
      }
    }
    assert.ok(picked, 'a stop of a route far down the list');
    await page.mouse.click(picked.x, picked.y);
    const chosen = page.locator(`[data-testid=route-row][data-index="${picked.route - 1}"]`);
    await page.waitForFunction((k) => document.querySelector(`[data-testid=route-row][data-index="${k}"]`)?.getAttribute('aria-selected') === 'true', picked.route - 1);
    assert.ok(await inView(page, 'route-list', chosen), 'the list scrolled to the route clicked on the map');

    // The reefer's 300 stops: a few dozen drawn; moving the last one up is re-evaluated.
    await box(page, 'route-list').evaluate((el) => { el.scrollTop = 0; });
    await page.getByTestId('route-row').filter({ has: page.locator('td:nth-child(2)', { hasText: /^reefer$/ }) }).first().click();
    await page.waitForFunction(() => document.querySelector('.stop-table-title')?.textContent.startsWith('reefer'));
    const stops = await rowCounts(page, 'stop-table', 'stop-row');
    assert.ok(stops.total >= COLD, `every cold order on the reefer (and a few others): ${stops.total}`);
    assert.ok(stops.drawn < 200, `stop rows drawn: ${stops.drawn} of ${stops.total}`);
    const end = await scrollToEnd(page, 'stop-table', 'stop-row');
    const lastStop = end.lastRow;
    assert.equal(await lastStop.getByTestId('stop-down').isDisabled(), true, 'the last stop cannot move later');
    const movedOrder = (await lastStop.locator('td').nth(1).textContent()).trim();
    await watchStatus(page);
    await lastStop.getByTestId('stop-up').click();
    await statusChangedTo(page, /Plan updated/);
    await scrollToEnd(page, 'stop-table', 'stop-row');
    const secondLast = page.locator(`[data-testid=stop-row][data-index="${end.last - 1}"] td:nth-child(2)`);
    await page.waitForFunction(
      ([k, id]) => document.querySelector(`[data-testid=stop-row][data-index="${k}"] td:nth-child(2)`)?.textContent.trim() === id,
      [end.last - 1, movedOrder],
    );
    assert.equal((await secondLast.textContent()).trim(), movedOrder, 'the last stop moved up one');

    // The unassigned orders: thousands, a few dozen drawn, the last one reachable.
    await page.getByTestId('tab-unassigned').click();
    list = await rowCounts(page, 'unassigned', 'unassigned-row');
    assert.ok(list.total >= CRANE, `every crane order is left out: ${list.total}`);
    assert.equal(await page.getByTestId('tab-unassigned').textContent(), `Unassigned (${list.total})`);
    assert.ok(list.drawn < 200, `unassigned rows drawn: ${list.drawn}`);
    const lastOut = (await scrollToEnd(page, 'unassigned', 'unassigned-row')).lastRow;
    assert.match(await lastOut.getAttribute('data-reason'), /^[a-z_]+$/, 'with its reason');
    assert.ok((await page.getByTestId('unassigned-row').count()) < 200);
  });
});
