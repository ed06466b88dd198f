// The day in motion: a planner plans the Lyon sample, opens "Day in motion", breaks down a van
// at 11:00, adds 60 same-day orders, 10 same-day collections and a shop's collection at 13:00
// from an events file (a wrong file first: named, event and all), runs the day and plays it to the end: the feed says the
// breakdown at 11:00 for that van and the re-plans, every order is delivered, failed or not sent
// out under every way of reacting (the Planner's own count), re-planning delivers same-day
// orders and makes collections, the timeline and the map are drawn, the vehicles move with the clock, and the native
// CLI prints the same table for the same plan and seed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile, mkdtemp } from 'node:fs/promises';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withApp, appIdle, setTimeLimit, setDayCount } from './flows.mjs';

/** Pixels of a canvas that are not transparent. */
async function inkedPixels(page, testid, within = '') {
  return page.locator(`${within}[data-testid=${testid}]`).evaluate((canvas) => {
    const data = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
    let inked = 0;
    for (let i = 3; i < data.length; i += 4) inked += data[i] > 0 ? 1 : 0;
    return inked;
  });
}

/** The clock's time in seconds. */
async function clockSeconds(page) {
  return Number(await page.getByTestId('day-time').getAttribute('data-seconds'));
}

test('a breakdown at 11:00, watched to the end of the day', async () => {
  await withApp({ isolation: true }, undefined, async (page) => {
    // Before any plan: the page says so and leads to the Planner.
    await appIdle(page);
    const orders = Number((await page.getByTestId('status').textContent()).match(/(\d+) orders/)[1]);
    await page.getByTestId('page-day').click();
    await page.getByTestId('day-no-plan').waitFor();
    await page.getByTestId('day-to-planner').click();

    await setTimeLimit(page, 1);
    await page.getByTestId('plan-routes').click();
    await page.getByText(/Planned in/).waitFor({ timeout: 60_000 });
    const unassigned = Number((await page.getByTestId('tab-unassigned').textContent()).match(/\((\d+)\)/)[1]);
    const routed = orders - unassigned;
    // The plan as a document, for the native CLI to drive the same day.
    const [file] = await Promise.all([page.waitForEvent('download', { timeout: 30_000 }), page.getByTestId('export-plan').click()]);
    const dir = await mkdtemp(join(tmpdir(), 'lastmile-day-'));
    const planFile = join(dir, 'plan.json');
    await writeFile(planFile, await readFile(await file.path(), 'utf8'));

    await page.getByTestId('page-day').click();
    await setDayCount(page, 'day-same-day', 'same_day_orders', 60);
    await setDayCount(page, 'day-collections', 'same_day_collections', 10);
    // Parcels nobody takes go to the neighbourhood's locker.
    await page.getByTestId('day-failed-delivery').selectOption('locker');
    // The longest route at 11:00 is the default breakdown; pick the vehicle explicitly.
    await page.getByTestId('day-breakdown').check();
    const vehicle = await page.getByTestId('day-breakdown-vehicle').inputValue();
    assert.ok(vehicle, 'a vehicle of the plan is offered');
    await page.getByTestId('day-breakdown-vehicle').selectOption(vehicle);
    await page.getByTestId('day-breakdown-at').fill('11:00');
    await page.getByTestId('day-breakdown-at').dispatchEvent('change');
    // A shop asks at 13:00 for a collection by 16:00: an events file, as for the CLI. A wrong
    // file is named, event and all, and the setup is kept to be fixed.
    const shop = { type: 'order', id: 'shop-1', task: 'collection', lat: 45.764, lon: 4.835, at: '13:00', due: '16:00' };
    const eventsFile = (events) => ({ name: 'events.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify({ events })) });
    await page.getByTestId('day-events-file').setInputFiles(eventsFile([{ type: 'cancellation', order: 'nope', at: '10:00' }]));
    await page.getByTestId('day-events-name').waitFor();
    await page.getByTestId('day-run').click();
    await page.getByText("The day could not be simulated: events.json: event 1: no order has id 'nope'").waitFor({ timeout: 30_000 });
    await page.getByTestId('day-events-file').setInputFiles(eventsFile([shop]));
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('lastmile-day-settings')).events?.text.includes('shop-1'));
    await page.getByTestId('day-run').click();
    await page.getByText(/Simulated: \d+ routes/).waitFor({ timeout: 60_000 });
    assert.equal(await page.getByTestId('day-progress').count(), 0, 'the progress bar goes once the day is shown');

    // Vehicles move with the clock: step on and compare where they were drawn.
    const map = page.locator('.day-map [data-testid=map]');
    await page.waitForFunction(() => document.querySelector('.day-map [data-testid=map]')?.dataset.vehicles, null, { timeout: 10_000 });
    const before = await map.getAttribute('data-vehicles');
    const t0 = await clockSeconds(page);
    for (let k = 0; k < 12; k++) await page.getByTestId('day-step').click();
    assert.equal(await clockSeconds(page), t0 + 12 * 300);
    await page.waitForFunction((old) => document.querySelector('.day-map [data-testid=map]')?.dataset.vehicles !== old, before, { timeout: 10_000 });
    assert.notEqual(await map.getAttribute('data-vehicles'), before, 'a vehicle moved in an hour');
    // The selected vehicle's stops to come, forecast by the engine at the clock. The vehicle
    // selected first (the one that breaks down) may have nothing to come yet or any more after a
    // re-plan gave its orders away: then another vehicle of the list is picked.
    const eta = page.getByTestId('day-eta').first();
    const options = await page.getByTestId('day-vehicle').locator('option').evaluateAll((els) => els.map((e) => e.value));
    let shown = await eta.waitFor({ timeout: 20_000 }).then(() => true, () => false);
    for (const value of options.slice(0, 8)) {
      if (shown) break;
      await page.getByTestId('day-vehicle').selectOption(value);
      shown = await eta.waitFor({ timeout: 10_000 }).then(() => true, () => false);
    }
    assert.ok(shown, `live ETAs: ${await page.getByTestId('day-eta-at').textContent()}`);

    // At 11:30 the feed says the breakdown at 11:00, for that vehicle, and the re-plans so far.
    await page.getByTestId('day-scrub').evaluate((el) => {
      el.value = String(11.5 * 3600);
      el.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await page.waitForFunction(() => Number(document.querySelector('[data-testid=day-time]')?.dataset.seconds) >= 11.5 * 3600 - 60);
    const lines = await page.getByTestId('day-feed-line').evaluateAll((els) => els.map((e) => ({ at: Number(e.dataset.at), text: e.textContent })));
    const breakdown = lines.find((l) => l.text.includes(`${vehicle} broke down`));
    assert.ok(breakdown, JSON.stringify(lines.slice(0, 10)));
    assert.equal(breakdown.at, 11 * 3600);
    assert.match(breakdown.text, /^11:00 /);
    assert.ok(lines.some((l) => l.text.includes(' re-planned: ')), 'the re-plans are in the feed');

    // Play at the top speed to the end of the day.
    await page.getByTestId('day-speed').selectOption({ label: '1 day/min' });
    await page.getByTestId('day-play').click();
    await page.getByTestId('day-table').waitFor({ timeout: 30_000 });
    assert.equal(await page.getByTestId('day-play').textContent(), 'Play', 'the clock stops at the day\'s end');

    // One truth: under every way of reacting, every order the Planner routed and every same-day
    // order is delivered, failed or not sent out by the day's end.
    const ways = await page.getByTestId('day-reaction').allTextContents();
    assert.deepEqual(ways.slice(0, 2), ['no re-planning', 're-plan, same-day at once']);
    assert.equal(ways.length, 4);
    const cells = async (name) => page.locator(`[data-testid=day-figure][data-figure="${name}"] td`).allTextContents();
    const figure = async (name, column) => Number((await cells(name))[column]);
    for (let column = 0; column < ways.length; column++) {
      const delivered = await figure('deliveries', column);
      let failed = 0;
      for (const name of ['failed: nobody in, back to the depot', 'failed: vehicle broke down', 'cancelled before the vehicle left for them', 'not sent out']) {
        failed += await figure(name, column);
      }
      assert.equal(delivered + failed, routed + 71, `${ways[column]}: ${delivered} + ${failed} vs ${routed} routed + 71`);
    }
    const sameDay = await cells('same-day orders delivered');
    assert.equal(sameDay[0], '0 of 60');
    assert.match(sameDay[2], /^[1-9]\d* of 60$/, 're-planning in batches delivers same-day orders');
    const collections = await cells('same-day collections made');
    assert.equal(collections[0], '0 of 11');
    assert.match(collections[2], /^[1-9]\d* of 11$/, 're-planning in batches makes same-day collections');
    assert.equal(Number(await page.getByTestId('day-routed').getAttribute('data-routed')), routed);
    assert.ok((await cells('left at a parcel locker')).some((c) => Number(c) > 0), 'doors nobody answered, parcels at lockers');

    // The same plan and seed natively: the CLI prints the same table.
    const events = join(dir, 'events.json');
    await writeFile(events, JSON.stringify({ events: [{ type: 'breakdown', vehicle, at: '11:00' }, shop] }));
    const root = join(process.cwd(), '..');
    const printed = execFileSync('cargo', ['run', '-q', '-p', 'lastmile-solver', '--bin', 'lastmile', '--',
      'simulate', planFile, '--events', events, '--same-day', '60', '--same-day-collections', '10', '--day-seed', '1', '--failed-delivery', 'locker',
      '--incidents', await page.getByTestId('day-incidents').inputValue(), '--cancellations', await page.getByTestId('day-cancellations').inputValue()], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    const native = printed.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| figure')).map((l) => l.split('|').slice(1, -1).map((c) => c.trim()));
    assert.ok(native.length > 10, printed);
    const onScreen = [];
    for (const [name] of native) onScreen.push([name, ...(await cells(name))]);
    assert.deepEqual(onScreen, native, 'the browser and the native CLI, the same table');

    // Plan against actual and the map are drawn.
    assert.ok(await inkedPixels(page, 'day-timeline') > 1000, 'the timeline is drawn');
    assert.ok(Number(await page.getByTestId('day-timeline').getAttribute('data-rows-drawn')) > 0);
    assert.ok(await inkedPixels(page, 'map', '.day-map ') > 1000, 'the map is drawn');

    // The settings survive a reload.
    await page.reload();
    await appIdle(page);
    const kept = await page.evaluate(() => JSON.parse(localStorage.getItem('lastmile-day-settings')));
    assert.deepEqual(kept.breakdown, { vehicle, at: '11:00' });
    assert.equal(kept.failed_delivery, 'locker');
    assert.equal(kept.same_day_collections, 10);
    assert.equal(kept.events.name, 'events.json');
  });
});
